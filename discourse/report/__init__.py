"""Stage 4: reports. See :mod:`discourse.report.render` (pages) and :mod:`discourse.report.charts`."""

from discourse.report.render import index_view, render_index, render_tables, render_thread, thread_view

__all__ = ["index_view", "render_index", "render_tables", "render_thread", "thread_view"]

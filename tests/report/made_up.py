"""Made-up threads the report tests and the browser test share (issue 20): a split crowd, a page
without names, very long author names, a German thread."""

from __future__ import annotations

from discourse.model import Article, Comment, Thread


def _thread(thread_id: str, title: str, paragraphs: list[str], texts: list[str], authors: list[str | None]) -> Thread:
    comments = [
        Comment(id=f"c{i + 1}", text=text, author=authors[i % len(authors)],
                timestamp=f"2024-03-{1 + i % 28:02d}T10:{i % 60:02d}:00", timestamp_precision="minute",
                reply_to=f"c{i}" if i % 3 == 2 else None, reply_source="quote" if i % 3 == 2 else "none",
                reply_confidence=0.9 if i % 3 == 2 else 0.0, position=i)
        for i, text in enumerate(texts)
    ]
    return Thread(thread_id=thread_id, source=f"{thread_id}.txt", title=title,
                  article=Article(text="\n\n".join(paragraphs), paragraphs=paragraphs), comments=comments)


SPORTS_ARTICLE = [
    "The club confirmed on Monday that the head coach will stay for another season after a long review.",
    "The board praised the coach for developing young players and for the improved defensive record.",
    "Ticket prices for next season will rise slightly, the club said, to fund a new training ground.",
]
#: Fans calling the team a dumpster fire, and a few happy ones: the mean is near zero, the crowd is split.
SPORTS_COMMENTS = [
    "This team is a dumpster fire and the coach is worthless, a total disgrace.",
    "Worst season in decades, awful defending, terrible decisions, I hate watching this.",
    "Great news, I love this coach and the young players are brilliant and exciting!",
    "Fantastic decision by the board, wonderful to see stability and real progress at last.",
    "Raising ticket prices after this pathetic, miserable season is an insult to loyal fans.",
    "Brilliant, the best young squad we have had in years, so happy and proud today.",
    "The coach stays. The training ground will be built next year.",
    "Horrible management, horrible results, the worst board in the league, absolutely hopeless.",
    "Wonderful to keep the coach, he deserves the trust and the fans should support him.",
    "What a joke of a club, terrible owners, terrible coach, useless players everywhere.",
    "Love the youth policy, great work by the coach and the academy staff, amazing progress.",
    "The season ends in May and the review took three weeks.",
]


def split_crowd_thread() -> Thread:
    """Twelve comments: five clearly negative, five clearly positive, two plain statements."""
    names = ["Ann", "Bob", "Cem", "Dara", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu"]
    return _thread("sports", "Coach stays for another season", SPORTS_ARTICLE, SPORTS_COMMENTS, names)


def nameless_thread(n_comments: int = 22) -> Thread:
    """A page whose comments show no names (22 comments, 0 commenters before issue 20)."""
    texts = (SPORTS_COMMENTS * 2)[:n_comments]
    return _thread("nameless", "Coach stays (no names)", SPORTS_ARTICLE, texts, [None])


LONG_NAMES = [
    "Maximilian-Alexander von Hohenzollern-Sigmaringen-Wittelsbach the Third",
    "Supercalifragilisticexpialidocious_Commenter_From_The_Internet_1999",
    "Ana María de los Ángeles Fernández-Villaverde y Rodríguez de la Cruz",
    "x" * 90,
]


def long_names_thread() -> Thread:
    """Very long author names (with and without spaces) that answer each other."""
    return _thread("long-names", "A thread whose commenters have very long names indeed, with a long title too, "
                   "to see whether anything is clipped at the right edge of a phone screen",
                   SPORTS_ARTICLE, SPORTS_COMMENTS, LONG_NAMES)


GERMAN_ARTICLE = [
    "Die Bundesregierung hat am Montag beschlossen, die Förderung für Wärmepumpen im kommenden Jahr deutlich "
    "zu erhöhen. Damit sollen mehr Haushalte auf klimafreundliche Heizungen umsteigen.",
    "Kritiker bemängeln, dass die Handwerksbetriebe schon jetzt überlastet sind und die Wartezeiten für "
    "Installationen mehrere Monate betragen. Die Verbraucherzentralen fordern eine unabhängige Beratung.",
    "Der Wirtschaftsminister verteidigte das Programm als notwendigen Schritt für die Energiewende und "
    "kündigte zusätzliche Mittel für die Ausbildung von Fachkräften an.",
]
GERMAN_COMMENTS = [
    "Die Förderung ist gut, aber die Handwerker haben keine Zeit, das ist doch das eigentliche Problem.",
    "Ich warte seit acht Monaten auf einen Termin für die Installation meiner Wärmepumpe.",
    "Die Wartezeiten bei den Handwerksbetrieben sind unzumutbar, und die Preise steigen immer weiter.",
    "Wärmepumpen funktionieren in Altbauten nicht richtig, das sagt jeder Heizungsbauer.",
    "In unserem Altbau läuft die Wärmepumpe seit zwei Jahren ohne Probleme, man muss nur richtig planen.",
    "Die Strompreise in Deutschland sind viel zu hoch, deshalb lohnt sich die Wärmepumpe für uns nicht.",
    "Ohne günstigen Strom wird die Energiewende bei den Heizungen scheitern, das ist doch klar.",
    "Die Ausbildung von Fachkräften hätte man vor zehn Jahren beginnen müssen.",
    "Es fehlen überall Fachkräfte, nicht nur bei den Heizungsbauern, sondern auch bei den Elektrikern.",
    "Die Förderung kommt wieder nur den Hausbesitzern zugute, Mieter haben davon gar nichts.",
]


def german_thread() -> Thread:
    """A German news thread: heat-pump subsidies, tradesmen's waiting times, electricity prices."""
    names = ["Klaus Müller", "Jürgen", "Sabine Weiß", "Özlem", "Björn Große-Schönhausen"]
    return _thread("german", "Mehr Förderung für Wärmepumpen", GERMAN_ARTICLE, GERMAN_COMMENTS, names)

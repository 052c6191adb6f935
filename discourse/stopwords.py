"""Small stop-word lists for the languages the parser reads besides English (issue 20).

scikit-learn ships English only. These lists are the common function words of each language
(articles, pronouns, prepositions, conjunctions, auxiliaries and frequent adverbs), written for
this project: enough that a German thread's labels and distinctive words are not "das, sein,
sich". English is scikit-learn's list plus discourse.cluster.LABEL_STOP_WORDS.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS"]

_LISTS = {
    "de": """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch
    auf aus bei beim bin bis bist da dabei damit dann das dass daß dazu dein deine deinem deinen deiner dem den
    denn der deren des dessen dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine
    einem einen einer eines einig einige einmal er es etwas euch euer eure für gegen gewesen hab habe haben hat
    hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist ja jede jedem
    jeden jeder jedes jene jetzt kann kein keine keinem keinen keiner können könnte machen man manche mein meine
    meinem meinen meiner mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne schon sehr sein
    seine seinem seinen seiner seit sich sie sind so solche soll sollte sondern sonst über um und uns unser
    unsere unter viel vom von vor wann war waren warum was weil welche welchem welchen welcher wenn wer werde
    werden wie wieder will wir wird wo wollen wurde würde zu zum zur zwar zwischen eben halt mal gibt geht
    ganz immer mehr""",
    "fr": """à ai aie ait alors au aucun aussi autre aux avaient avais avait avec avez avoir avons c ça car ce ceci
    cela celle celui ces cet cette ceux chaque ci comme comment d dans de des donc dont du elle elles en encore
    est et été être eu eux fait faire il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne
    ni nos notre nous on ont ou où par parce pas peu peut plus pour pourquoi qu quand que quel quelle quels qui
    s sa sans se sera ses si sien son sont sous sur t ta te tes toi ton tous tout toute toutes très tu un une
    vos votre vous y déjà bien fait faut était étaient sont""",
    "es": """a al algo algunos ante antes como con contra cual cuando de del desde donde dos el él ella ellas
    ellos en entre era eran es esa esas ese eso esos esta está están estas este esto estos fue fueron ha había
    han hasta hay la las le les lo los más me mi mis mucho muy nada ni no nos nosotros o otra otro para pero poco
    por porque que qué quien se sea ser si sí sin sino sobre son su sus también tan te tiene tienen todo todos tu
    tus un una uno unos y ya yo estar hacer puede pues así aunque cada""",
    "pt": """a ao aos as até com como da das de dela dele deles do dos e é ela elas ele eles em entre era eram
    essa essas esse esses esta está estão estas este estes eu foi foram há isso isto já la lhe lhes lo mais mas
    me mesmo meu meus minha minhas muito na não nas nem no nos nós nossa nosso num numa o os ou para pela pelas
    pelo pelos por porque qual quando que quem se são seu seus sem ser sua suas também te tem têm tu um uma umas
    uns você vocês vai ter ainda assim bem cada onde pode""",
    "it": """a ad al alla alle allo anche ancora avere aveva c che chi ci come con cosa cui da dal dalla dei del
    della delle dello di dove e è ed era essere gli ha hanno i il in io la le lei lo loro lui ma mi mia mio molto
    ne nel nella nei noi non nostro o per perché più poi quale quando quella quelle quello questa queste questo
    se sei si sia siamo sono su sua sue suo suoi sul sulla ti tra tu tutti tutto un una uno voi già fare fatto
    essere stato così ogni""",
    "nl": """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een en er
    ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen
    toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze
    zelf zich zij zijn zo zonder zou""",
}

#: Stop words per ISO 639-1 code (not English: see the module docstring).
STOP_WORDS: dict[str, frozenset[str]] = {code: frozenset(words.split()) for code, words in _LISTS.items()}

"""Function words of our five languages, which a query does not need to contain for an item to match it.

Practitioners write whole sentences ("how to involve young people in the budget"); the words that carry no topic
("how", "to", "in", "the") would otherwise count as words an item must hold, and weigh in its ranking (issue 15:
Czech "pro" reordered "hra pro obce" against "hra obce"). The lists are short on purpose: only words that never
name a topic of the knowledge base, so that no content word is ever dropped. Compared folded (search.engine.text.fold),
so that "pro", "при" and "pri" are all recognised however they are typed.
"""

from search.engine.text import fold


def _listed(text):
    """The words of a whitespace-separated list, written as prose so that a reviewer reads them at a glance."""
    return frozenset(text.split())


STOP_WORDS = {
    "en": _listed(
        """a about after an and are as at be been but by can do does for from had has have how i if in into is it
        its more most my of on or our so some than that the their them there these they this those to too us was
        we what when where which who why will with would you your"""
    ),
    "cs": _listed(
        """a aby ale an ani aniz anebo ať až bez bude budou by byl byla byli bylo být co či do ho i jak jako je jeho
        jej její jejich jen jenž ještě jsem jsme jsou jste k ke kde kdy když ktera která které který kteří mezi
        mi mu my na nad ne nebo než o od po pod pro proč před při s se si so tak také tam to tom tu ty u v ve
        vo z za ze že jak jake jaké jakou kterou ktery kteri nez pri pred proc tez též ve vsak však"""
    ),
    "bg": _listed(
        """а и в във на за с със от по до към как какво кой коя кое които къде кога че да не ни се си са е съм
        бе беше бяха ще като но или ако при след пред между без през той тя то те ние вие аз го я ги му ѝ им
        този тази това тези там тук който която което"""
    ),
    "hr": _listed(
        """a ako ali bi bih bila bili bilo bio biti da do ga i ih ili iz ja je jer jesu joj ju kada kako kao koja
        koje koji kojima koju li me mi mu na nad ne nego neki nije no o od oko on ona oni ono pa po pod pri sa
        se si smo ste su ta te ti to tu u uz vam vi za že ze kroz prema"""
    ),
    "nb": _listed(
        """og i på til av for med som en et ei den det de der er var har hadde om fra å at ikke kan vil skal
        seg sin sitt sine hvordan hva hvem hvor når eller men så også ved etter under mot oss vi du jeg han
        hun dem deres vår våre vart noe noen inn ut"""
    ),
}


FOLDED_STOP_WORDS = {language: frozenset(map(fold, words)) for language, words in STOP_WORDS.items()}


def is_stop_word(word, languages):
    """Whether a lower-case query word is a function word in one of the query's ``languages``."""
    folded = fold(word)
    return any(folded in FOLDED_STOP_WORDS.get(language, ()) for language in languages)

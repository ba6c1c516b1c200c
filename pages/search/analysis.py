"""How text becomes index terms: the same steps when indexing and when searching.

The analysis runs in Python, not in the database, so that SQLite and
PostgreSQL index and match exactly the same terms: both then give the same
results for the same content. The stemmers are Snowball's, the algorithms
behind PostgreSQL's own `french` and `english` text search configurations.

Steps, for a language: fold case and accents (so "seminaires" finds
"séminaires"), split into words (an apostrophe splits too, so "d'accueil"
gives "d" and "accueil": the elided article is then dropped like any one-letter
word), drop the language's stop words, and stem what is left.
"""

import re
import threading
import unicodedata

import Stemmer

WORD = re.compile(r"\w+")
# Longer tokens are identifiers or garbage, never words someone types.
MAX_WORD_LENGTH = 40
SNOWBALL = {"fr": "french", "en": "english"}
# Ligatures that Unicode does not decompose, written as people type them.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})

# The most frequent function words, folded. Short on purpose: a word that is
# kept costs a little ranking noise; a word dropped can never be found.
STOP_WORDS = {
    "fr": frozenset(
        """au aux avec ce ces cet cette dans de des du elle elles en et eux il ils
        je la le les leur leurs lui ma mais me mes moi mon ne nos notre nous on ou
        par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
        votre vous est sont ete jusqu lorsqu puisqu quoi dont""".split()
    ),
    "en": frozenset(
        """a an and are as at be but by for from has have in into is it its of on
        or our that the their them they this to was were will with we you your
        how what which who""".split()
    ),
}

_local = threading.local()


def fold(text: str) -> str:
    """Return the text in lower case without accents: "Élus" -> "elus"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """Return the words of a text as written, in order."""
    return [word for word in WORD.findall(text) if len(word) <= MAX_WORD_LENGTH]


def stemmer(language: str):
    # PyStemmer's stemmers keep a cache and are not safe across threads.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        algorithm = SNOWBALL.get(language)
        stemmers[language] = Stemmer.Stemmer(algorithm) if algorithm else None
    return stemmers[language]


def term(word: str, language: str) -> str | None:
    """Return the index term of one word, or None for a word not worth indexing."""
    folded = fold(word)
    if len(folded) < 2 or folded in STOP_WORDS.get(language, ()):
        return None
    if language == "fr" and len(folded) > 3 and folded[-1] == "s":
        # Snowball keeps a plural "s" after "u" ("élus" stays "elus"), and then
        # "association elu" would miss the page about "élus".
        folded = folded[:-1]
    snowball = stemmer(language)
    return snowball.stemWord(folded) if snowball else folded


def analyse(text: str, language: str) -> list[tuple[str, str]]:
    """Return (term, word as written) for each indexable word of the text, in order."""
    pairs = []
    for word in tokens(text):
        if (found := term(word, language)) is not None:
            pairs.append((found, word.lower()))
    return pairs


def distance(a: str, b: str, limit: int) -> int:
    """Return the edit distance (an adjacent swap counts one), or limit + 1 past it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

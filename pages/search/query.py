"""The public search: match a visitor's words against the index, correct typos, rank.

Every step that could differ between databases runs here in Python (the
analysis, the edit distance, the ranking); the database only looks terms up
in an index. A search costs the same few queries whatever it finds: one for
the terms, and, when a word is not in the index, one for the vocabulary near
it and one for the corrected terms.
"""

import math
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Length

from pages.search.analysis import WORD, distance, fold, term, tokens
from pages.search.indexing import all_languages, content_type_of
from pages.search.models import IndexedTerm, Weight

FIELD_WEIGHT = {Weight.TITLE: 10.0, Weight.INTRODUCTION: 3.0, Weight.BODY: 1.0}
# Per pair of the search's words found side by side, times the field's weight.
PHRASE_BONUS = 2.0


@dataclass
class Outcome:
    """The ranked ids of the matching objects, and the query as corrected, if it was."""

    ids: list[int] = field(default_factory=list)
    corrected_query: str | None = None


@dataclass
class Word:
    written: str
    terms: dict[str, str]  # language -> term

    @property
    def folded(self) -> str:
        return fold(self.written)


def query_words(text: str, languages) -> list[Word]:
    words = []
    for written in tokens(text):
        terms = {
            language: found
            for language in languages
            if (found := term(written, language)) is not None
        }
        if terms:
            words.append(Word(written, terms))
    return words


def postings_query(visible, content_type, languages, terms):
    """The index rows of the `visible` objects for any of these languages and terms."""
    return IndexedTerm.objects.filter(
        Exists(visible.order_by().filter(pk=OuterRef("object_id"))),
        content_type=content_type,
        language__in=languages,
        term__in=terms,
    ).values_list("object_id", "language", "field", "term", "positions")


def read_postings(queryset, content_type, languages, terms) -> list:
    """The rows of `postings_query` for the objects of the queryset.

    Read with the cursor: no column needs the ORM's converters, and its
    iteration, row by row, cost a third as much as the query itself.
    """
    found = postings_query(queryset, content_type, languages, terms)
    try:
        sql, params = found.query.get_compiler(using=found.db).as_sql()
    except EmptyResultSet:  # a queryset that can match nothing
        return []
    with connections[found.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def postings(queryset, content_type, words, read=read_postings) -> list:
    """Return the index rows of the visible objects for the words' terms.

    The rows are those of any of the words' languages and any of their terms:
    a pair that no word asked for is ignored by the ranking. Asking so, rather
    than for each (language, term) pair, and checking visibility row by row,
    lets the database start from the terms' index: from the objects' one, it
    would read every term of every visible object. `read` runs the query:
    `read_postings`, or one that compiles it once (the API's page search).
    """
    languages, terms = set(), set()
    for word in words:
        for language, found in word.terms.items():
            languages.add(language)
            terms.add(found)
    return read(queryset, content_type, sorted(languages), sorted(terms))


def max_typos(word: str) -> int:
    """Return how many edits a word may be off: none below four letters, where
    nearly every word is one edit from another."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 5 else 2


def correct(queryset, content_type, unknown: list[Word], asked: str) -> dict:
    """Return, for each unknown word, the nearest (language, term, word) indexed.

    Only the vocabulary of the objects the visitor may see is offered, so a
    correction never reveals a word of a draft or of another network. The
    first letter is taken as typed, as people seldom mistype it: that keeps
    the candidates few enough to compare each one.
    """
    condition = Q()
    for word in unknown:
        for language, found in word.terms.items():
            stem_limit, written_limit = max_typos(found), max_typos(word.folded)
            near = Q(
                term_length__range=(len(found) - stem_limit, len(found) + stem_limit)
            )
            near |= Q(
                word_length__range=(
                    len(word.written) - written_limit,
                    len(word.written) + written_limit,
                )
            )
            condition |= Q(language=language, term__startswith=found[0]) & near
    candidates = (
        IndexedTerm.objects.filter(
            content_type=content_type,
            object_id__in=queryset.order_by().values("pk"),
        )
        .annotate(term_length=Length("term"), word_length=Length("word"))
        .filter(condition)
        .values("language", "term", "word")
        .annotate(uses=Count("id"))
        .order_by()
    )
    candidates = list(candidates)
    corrections = {}
    for word in unknown:
        best = None
        for candidate in candidates:
            found = word.terms.get(candidate["language"])
            if found is None or candidate["term"][0] != found[0]:
                continue
            # A typo can change the stem a lot ("gouvernence" stems to
            # "gouvernent"), so the word as written is compared too.
            stem_limit, written_limit = max_typos(found), max_typos(word.folded)
            stem_gap = distance(found, candidate["term"], stem_limit)
            written_gap = distance(word.folded, fold(candidate["word"]), written_limit)
            if stem_gap > stem_limit and written_gap > written_limit:
                continue
            gap = min(stem_gap, written_gap)
            # The nearest term first; of its words, the one nearest to what was typed.
            key = (
                gap,
                written_gap,
                candidate["language"] != asked,
                -candidate["uses"],
                candidate["word"],
            )
            if best is None or key < best[0]:
                best = (key, candidate)
        if best is not None:
            corrections[word.written] = best[1]
    return corrections


def adjacent(first: str, second: str) -> bool:
    """Whether a position of `second` follows one of `first` (positions as stored)."""
    following = {int(place) + 1 for place in first.split()}
    return any(int(place) in following for place in second.split())


def rank(rows, words: list[Word], asked: str) -> list[int]:
    """Order the objects: most words matched, then the asked language, then score.

    Every matching row is read once, and appended to its object's hits as
    (word indices, field, positions). Objects whose hits are alike (on a site
    of a thousand events, most are) are scored once: a search that matches
    most of the site ranks its thousand objects in a millisecond or two. The
    words' scores are added in the words' order, so that the same hits always
    make the same score, whatever the order in which the database returned
    the rows.
    """
    indices_of = {}
    for index, word in enumerate(words):
        for pair in word.terms.items():
            indices_of[pair] = (*indices_of.get(pair, ()), index)
    # (language, term) -> (word indices, objects found with it)
    by_term = {pair: (indices, set()) for pair, indices in indices_of.items()}
    # entry (object, language) -> hits: ((word indices, field, positions), ...)
    entries = {}
    for object_id, language, weight, found, positions in rows:
        matched = by_term.get((language, found))
        if matched is None:
            continue
        matched[1].add(object_id)
        entry = (object_id, language)
        entries[entry] = entries.get(entry, ()) + ((matched[0], weight, positions),)
    frequency = [set() for _word in words]
    for indices, objects in by_term.values():
        for index in indices:
            frequency[index] |= objects
    matched_objects = len({object_id for object_id, _language in entries})
    # A word's weight in a field, times its rarity: the same for every object.
    factor = {
        (index, weight): FIELD_WEIGHT[weight]
        * (1 + math.log(1 + matched_objects / len(objects)))
        for index, objects in enumerate(frequency)
        if objects
        for weight in FIELD_WEIGHT
    }
    scored = {}
    best = {}
    for (object_id, language), hits in entries.items():
        found = scored.get(hits)
        if found is None:
            found = scored[hits] = score(hits, factor)
        key = (found[0], language == asked, found[1], -object_id)
        if object_id not in best or key > best[object_id]:
            best[object_id] = key
    return [-key[3] for key in sorted(best.values(), reverse=True)]


def score(hits, factor) -> tuple[int, float]:
    """How many words an entry matched, and its score, from its hits."""
    # word index -> field -> positions as stored
    fields_of = {}
    for indices, weight, positions in hits:
        for index in indices:
            fields_of.setdefault(index, {})[weight] = positions
    total = 0.0
    indices = sorted(fields_of)
    for index in indices:
        fields = fields_of[index]
        weight = min(fields)
        total += factor[(index, weight)] * (1 + math.log(fields[weight].count(" ") + 1))
    for index in indices:
        following = fields_of.get(index + 1)
        if following is None:
            continue
        # Two words of the search side by side in a field, as typed: the
        # phrase counts with the weight of the best field it is found in.
        together = None
        for weight, places in fields_of[index].items():
            if (
                weight in following
                and (together is None or weight < together)
                and adjacent(places, following[weight])
            ):
                together = weight
        if together is not None:
            total += PHRASE_BONUS * FIELD_WEIGHT[together]
    return len(fields_of), total


def search(queryset, text: str, language: str, read=read_postings) -> Outcome:
    """Return the objects of the queryset matching the text, best first.

    Each object is matched in its own language's analysis; `language` is the
    one the visitor asked for, whose objects rank above fallbacks. `read`
    reads the index rows (`postings`).
    """
    words = query_words(text, all_languages())
    if not words:
        return Outcome()
    content_type = content_type_of(queryset.model)
    rows = postings(queryset, content_type, words, read)
    known = set(map(itemgetter(1, 3), rows))
    unknown = [
        word for word in words if not any(item in known for item in word.terms.items())
    ]
    corrected_query = None
    if unknown and (corrections := correct(queryset, content_type, unknown, language)):
        for word in unknown:
            if (candidate := corrections.get(word.written)) is not None:
                word.terms = {candidate["language"]: candidate["term"]}
        rows += postings(
            queryset,
            content_type,
            [w for w in unknown if w.written in corrections],
            read,
        )
        corrected_query = WORD.sub(
            lambda match: corrections.get(match[0], {"word": match[0]})["word"], text
        )
    return Outcome(rank(rows, words, language), corrected_query)

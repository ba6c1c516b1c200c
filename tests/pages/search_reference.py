"""The public search as first written (issue 29): the reference of its answers.

The search (`pages.search.query`) was since made cheaper: it reads the index
from the terms' side and ranks without parsing every posting. It must answer
exactly what this plain version answers, which `test_search_equivalence`
checks on many searches. Kept as it was; not used by the application.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
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


def postings(queryset, content_type, words):
    """Return the index rows of the visible objects for the words' terms."""
    wanted = defaultdict(set)
    for word in words:
        for language, found in word.terms.items():
            wanted[language].add(found)
    condition = Q()
    for language, terms in wanted.items():
        condition |= Q(language=language, term__in=sorted(terms))
    return list(
        IndexedTerm.objects.filter(
            condition,
            content_type=content_type,
            object_id__in=queryset.order_by().values("pk"),
        ).values_list("object_id", "language", "field", "term", "positions")
    )


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


def adjacent(first: list[int], second: list[int]) -> bool:
    following = {place + 1 for place in first}
    return any(place in following for place in second)


def rank(rows, words: list[Word], asked: str) -> list[int]:
    """Order the objects: most words matched, then the asked language, then score."""
    # entry (object, language) -> word index -> field -> positions
    entries = defaultdict(lambda: defaultdict(dict))
    by_term = defaultdict(list)
    for index, word in enumerate(words):
        for language, found in word.terms.items():
            by_term[(language, found)].append(index)
    frequency = defaultdict(set)
    for object_id, language, weight, found, positions in rows:
        places = [int(place) for place in positions.split()]
        for index in by_term.get((language, found), ()):
            entries[(object_id, language)][index][weight] = places
            frequency[index].add(object_id)
    matched_objects = len({object_id for object_id, _language in entries})
    rarity = {
        index: math.log(1 + matched_objects / len(objects))
        for index, objects in frequency.items()
    }
    best = {}
    for (object_id, language), hits in entries.items():
        score = 0.0
        for index, fields in hits.items():
            weight = min(fields)
            count = len(fields[weight])
            score += FIELD_WEIGHT[weight] * (1 + rarity[index]) * (1 + math.log(count))
        for index in hits:
            if index + 1 not in hits:
                continue
            # Two words of the search side by side in a field, as typed: the
            # phrase counts with the weight of the best field it is found in.
            together = [
                weight
                for weight, places in hits[index].items()
                if adjacent(places, hits[index + 1].get(weight, ()))
            ]
            if together:
                score += PHRASE_BONUS * FIELD_WEIGHT[min(together)]
        key = (len(hits), language == asked, score)
        if object_id not in best or key > best[object_id]:
            best[object_id] = key
    return sorted(
        best, key=lambda object_id: (best[object_id], -object_id), reverse=True
    )


def search(queryset, text: str, language: str) -> Outcome:
    """Return the objects of the queryset matching the text, best first.

    Each object is matched in its own language's analysis; `language` is the
    one the visitor asked for, whose objects rank above fallbacks.
    """
    words = query_words(text, all_languages())
    if not words:
        return Outcome()
    content_type = content_type_of(queryset.model)
    rows = postings(queryset, content_type, words)
    known = {(row[1], row[3]) for row in rows}
    unknown = [
        word for word in words if not any(item in known for item in word.terms.items())
    ]
    corrected_query = None
    if unknown and (corrections := correct(queryset, content_type, unknown, language)):
        for word in unknown:
            if (candidate := corrections.get(word.written)) is not None:
                word.terms = {candidate["language"]: candidate["term"]}
        rows += postings(
            queryset, content_type, [w for w in unknown if w.written in corrections]
        )
        corrected_query = WORD.sub(
            lambda match: corrections.get(match[0], {"word": match[0]})["word"], text
        )
    return Outcome(rank(rows, words, language), corrected_query)

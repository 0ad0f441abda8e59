"""The library's search index: character-bigram postings over every article, case and template,
built once per process from the bundled seed files. A query is first understood (understand.py:
the citizen's words, the statutes' words for them, the laws they point to); documents are ranked
by BM25 over each concept's best-matching word, more for covering more concepts, for holding the
words verbatim and for being in the laws the concepts point to. An article label in the query
(第1079条) finds that article directly. Deleted articles (（删去）) are never found by words."""
import math
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from chalicelib.library import tokens as tk
from chalicelib.library.snippet import aligned, snippet
from chalicelib.library.understand import understand

HEAD_WEIGHT = 3  # a word in the law's title, the article's chapter or a case's title counts thrice
K1, B = 1.2, 0.75  # BM25's usual constants
PHRASE_BONUS = 0.5  # each concept said verbatim adds half the score (its statute word: less)
LAW_BONUS = 0.6  # an article of a law the concepts point to, scaled by the share of votes
SAYING_WEIGHT = 0.8  # a statute's word for the citizen's: almost as good as the citizen's own
RERANK = 300  # candidates checked for verbatim words
MIN_COVER = 0.5  # a word matches a document holding at least half of its bigrams
_TF_BITS = 16
DELETED = re.compile(r"^\s*[（(]?(删去|删除|已删除|废止)[）)]?\s*$")


@dataclass(frozen=True)
class Hit:
    doc: object
    score: float
    snippet: list


@dataclass(frozen=True)
class Ranked:
    index: object
    docs: list  # document numbers, best first
    scores: dict
    matched: dict  # document number: the weight of the query's concepts it holds
    needles: list

    def hit(self, number):
        doc = self.index.docs[number]
        return Hit(doc, round(self.scores[number], 3), snippet(doc.text, self.needles))


class SearchIndex:
    """`base`: an index this one extends with `docs` (numbered after base's, base's postings shared,
    not copied); `hidden`: document numbers never found (a seeded text a later version replaced)."""

    def __init__(self, docs, vocabulary=None, *, base=None, hidden=()):
        docs, offset = list(docs), len(base.docs) if base else 0
        self.docs = (base.docs + docs) if base else docs
        self.vocabulary = base.vocabulary if base else vocabulary
        self.hidden = frozenset(hidden) | (base.hidden if base else frozenset())
        postings, lengths = defaultdict(list), array("I", base.lengths if base else ())
        self.labels = defaultdict(list, {k: list(v) for k, v in base.labels.items()} if base else {})
        for number, doc in enumerate(docs, offset):
            if doc.label:
                self.labels[doc.label].append(number)
            if DELETED.match(doc.text):
                lengths.append(0)
                continue
            counts = Counter(tk.tokens(doc.text))
            lengths.append(sum(counts.values()))
            for token, count in Counter(tk.tokens(doc.head)).items():
                counts[token] += HEAD_WEIGHT * count
            for token, count in counts.items():
                postings[token].append(number << _TF_BITS | min(count, (1 << _TF_BITS) - 1))
        # One machine word a posting: a list of Python ints would take four times the memory.
        self.postings = {token: array("Q", entries) for token, entries in postings.items()}
        self.layers = (base.layers if base else ()) + (self.postings,)
        self.lengths = lengths
        self.average = sum(lengths) / max(1, len(lengths))

    def idf(self, token):
        found = sum(len(layer.get(token, ())) for layer in self.layers)
        return math.log(1 + (len(self.docs) - found + 0.5) / (found + 0.5))

    def _word(self, word):
        """{doc: BM25 score} of one word's tokens and the docs holding enough of them to match it."""
        scores, covered, tokens = defaultdict(float), defaultdict(int), set(tk.run_tokens(word))
        hidden, lengths, average = self.hidden, self.lengths, self.average
        for token in tokens:
            weight = self.idf(token)
            for layer in self.layers:
                for entry in layer.get(token, ()):
                    doc, count = entry >> _TF_BITS, entry & ((1 << _TF_BITS) - 1)
                    if hidden and doc in hidden:
                        continue
                    norm = K1 * (1 - B + B * lengths[doc] / average)
                    scores[doc] += weight * count * (K1 + 1) / (count + norm)
                    covered[doc] += 1
        return scores, {doc for doc, n in covered.items() if n >= MIN_COVER * len(tokens)}

    def _concepts(self, concepts):
        """{doc: score}: each concept scores its best word in the doc; {doc: concepts matched}."""
        scores, matched = defaultdict(float), defaultdict(int)
        for concept in concepts:
            best, holds = defaultdict(float), set()
            for position, word in enumerate(concept.words):
                word_scores, word_holds = self._word(word)
                # A longer word sums more bigrams: scale to a two-character word's footing
                weight = (1.0 if position == 0 else SAYING_WEIGHT) / math.sqrt(len(set(tk.run_tokens(word))))
                for doc, score in word_scores.items():
                    best[doc] = max(best[doc], weight * score)
                holds |= word_holds
            for doc, score in best.items():
                scores[doc] += concept.weight * score
            for doc in holds:
                matched[doc] += concept.weight
        return scores, matched

    def search(self, query, *, limit=20, kinds=None):
        """The best `limit` documents for the query, best first, each with its snippet."""
        found = self.ranked(query)
        docs = [d for d in found.docs if kinds is None or self.docs[d].kind in kinds][:limit]
        return [found.hit(d) for d in docs]

    def ranked(self, query):
        """Every candidate for the query, best first (a Ranked: its `hit` cuts a snippet)."""
        understood = understand(query, self.vocabulary)
        concepts = understood.concepts
        if len(concepts) > 1 or understood.labels:  # a lone character finds too much
            concepts = [c for c in concepts if not (tk.is_cjk(c.words[0]) and len(c.words[0]) == 1)]
        scores, matched = self._concepts(concepts)
        if understood.labels:
            candidates = {doc for label in understood.labels for doc in self.labels.get(label, ())
                          if doc not in self.hidden}
            ranked = sorted(candidates, key=lambda d: (-matched[d], -scores[d], d))
        else:
            ranked = self._rank(matched, scores, concepts, understood.law_votes())
        words = [w for c in concepts for w in c.words]
        needles = words + [t for w in words for t in tk.run_tokens(w)]
        return Ranked(self, ranked, scores, matched, needles)

    def _rank(self, matched, scores, concepts, votes):
        """Documents sharing a token with the query, by score: covering more concepts counts most,
        then the bonuses for the laws pointed to and for concepts said verbatim."""
        most = max(votes.values(), default=0)

        def first_pass(doc):
            law = self._votes(self.docs[doc], votes) / most if most else 0
            share = matched[doc] / (sum(c.weight for c in concepts) or 1)
            return scores[doc] * (1 + LAW_BONUS * law) * (0.5 + share) ** 2

        top = sorted(scores, key=lambda d: (-first_pass(d), d))[:RERANK]
        final = {}
        for doc in top:
            text = aligned(self.docs[doc].head + " " + self.docs[doc].text)
            verbatim = sum(c.weight * (1.0 if c.words[0] in text else SAYING_WEIGHT if any(
                word in text for word in c.words[1:]) else 0) for c in concepts)
            final[doc] = first_pass(doc) * (1 + PHRASE_BONUS * verbatim)
        return sorted(top, key=lambda d: (-final[d], d))

    @staticmethod
    def _votes(doc, votes):
        """The votes of the best place holding `doc`: its law, or a part of it named in its chapter."""
        best = 0
        for place, count in votes.items():
            law, _, part = place.partition(":")
            if law == doc.slug and (not part or part in doc.chapter):
                best = max(best, count)
        return best

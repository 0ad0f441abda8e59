"""The library's search index: character-bigram postings over every article, case and template,
built once per process from the bundled seed files, ranked by BM25 with a bonus for documents that
hold a query word verbatim; an article label in the query (第1079条) finds that article directly."""
import math
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from chalicelib.library import tokens as tk
from chalicelib.library.snippet import aligned, snippet

HEAD_WEIGHT = 3  # a word in the law's title, the article's chapter or a case's title counts thrice
K1, B = 1.2, 0.75  # BM25's usual constants
PHRASE_BONUS = 1.0  # each query word found verbatim doubles that share of the score
RERANK = 200  # candidates checked for verbatim words
MIN_COVER = 0.5  # a word matches a document holding at least half of its bigrams
_TF_BITS = 16


@dataclass(frozen=True)
class Hit:
    doc: object
    score: float
    snippet: list


class SearchIndex:
    def __init__(self, docs):
        self.docs = list(docs)
        postings, lengths, self.labels = defaultdict(list), array("I"), defaultdict(list)
        for number, doc in enumerate(self.docs):
            counts = Counter(tk.tokens(doc.text))
            lengths.append(sum(counts.values()))
            for token, count in Counter(tk.tokens(doc.head)).items():
                counts[token] += HEAD_WEIGHT * count
            for token, count in counts.items():
                postings[token].append(number << _TF_BITS | min(count, (1 << _TF_BITS) - 1))
            if doc.label:
                self.labels[doc.label].append(number)
        # One machine word a posting: a list of Python ints would take four times the memory.
        self.postings = {token: array("Q", entries) for token, entries in postings.items()}
        self.lengths = lengths
        self.average = sum(lengths) / max(1, len(lengths))

    def idf(self, token):
        found = len(self.postings.get(token, ()))
        return math.log(1 + (len(self.docs) - found + 0.5) / (found + 0.5))

    def _bm25(self, words):
        """{doc: score} and {doc: words matched} for the query words (each a list of tokens)."""
        scores, matched = defaultdict(float), defaultdict(int)
        for word in words:
            covered = defaultdict(int)
            for token in set(word):
                weight = self.idf(token)
                for entry in self.postings.get(token, ()):
                    doc, count = entry >> _TF_BITS, entry & ((1 << _TF_BITS) - 1)
                    norm = K1 * (1 - B + B * self.lengths[doc] / self.average)
                    scores[doc] += weight * count * (K1 + 1) / (count + norm)
                    covered[doc] += 1
            for doc, count in covered.items():
                if count >= MIN_COVER * len(set(word)):
                    matched[doc] += 1
        return scores, matched

    def search(self, query, *, limit=20, kinds=None):
        """The best `limit` documents for the query, best first, each with its snippet."""
        labels, rest = tk.article_labels(query)
        words = [w for _, w in tk.runs(rest)]
        if len(words) > 1 or labels:  # a lone character finds too much; keep it only when alone
            words = [w for w in words if not (tk.is_cjk(w) and len(w) == 1)] or words[:0]
        scores, matched = self._bm25([tk.run_tokens(w) for w in words])
        if labels:
            candidates = {doc for label in labels for doc in self.labels.get(label, ())}
            ranked = sorted(candidates, key=lambda d: (-matched[d], -scores[d], d))
        else:
            # Documents holding every word first; then, for recall, those holding some of them.
            everywhere = {d for d, n in matched.items() if n == len(words)}
            ranked = (self._rerank(everywhere, scores, words)
                      + self._rerank(set(scores) - everywhere, scores, words))
        ranked = [d for d in ranked if kinds is None or self.docs[d].kind in kinds][:limit]
        needles = words + [t for w in words for t in tk.run_tokens(w)]
        return [Hit(self.docs[d], round(scores[d], 3), snippet(self.docs[d].text, needles))
                for d in ranked]

    def _rerank(self, candidates, scores, words):
        top = sorted(candidates, key=lambda d: (-scores[d], d))[:RERANK]
        final = {}
        for doc in top:
            text = aligned(self.docs[doc].head + " " + self.docs[doc].text)
            verbatim = sum(1 for w in words if w in text)
            final[doc] = scores[doc] * (1 + PHRASE_BONUS * verbatim)
        return sorted(top, key=lambda d: (-final[d], d))

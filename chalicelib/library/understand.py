"""What a citizen's question asks, in the statutes' words: the query is cut into concepts — phrases
of the vocabulary (家暴 → 家庭暴力, 被公司辞退 → 解除劳动合同), with the laws a lawyer would open first,
and the leftover words — after dropping the words that only make it a question (怎么办, 吗, 我).
`chalicelib/library/vocabulary.json` holds both lists; docs/decisions/search.md says why."""
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from chalicelib.library import tokens as tk

VOCABULARY = Path(__file__).with_name("vocabulary.json")
AGE = re.compile(r"^([0-9]+|[零一二两三四五六七八九十百]+)周?岁$")


@dataclass(frozen=True)
class Concept:
    words: tuple  # the citizen's word first, then how the statutes say it
    laws: tuple = ()  # the laws where this concept is ruled, most likely first
    weight: float = 1.0  # a party (公司, 邻居, 孩子) says who, not what happened: it weighs less


@dataclass(frozen=True)
class Query:
    labels: list  # article labels the query names (第一千零七十九条)
    concepts: list = field(default_factory=list)

    @property
    def words(self):
        return [word for concept in self.concepts for word in concept.words]

    def law_votes(self):
        """{law slug: how many of the concepts point to it}."""
        votes = {}
        for concept in self.concepts:
            for law in concept.laws:
                votes[law] = votes.get(law, 0) + 1
        return votes


@dataclass(frozen=True)
class Vocabulary:
    terms: dict  # colloquial phrase -> Concept
    stop: frozenset
    longest: int

    @classmethod
    def of(cls, data):
        terms = {tk.normalize(term): Concept((tk.normalize(term),) + tuple(
            tk.normalize(word) for word in entry.get("say", ()) if tk.normalize(word) != tk.normalize(term)),
            tuple(entry.get("laws", ())), float(entry.get("weight", 1.0)))
            for term, entry in data.get("terms", {}).items()}
        stop = frozenset(tk.normalize(word) for word in data.get("stop", ()))
        return cls(terms, stop, max(map(len, list(terms) + list(stop)), default=1))


EMPTY = Vocabulary({}, frozenset(), 1)


@lru_cache(maxsize=1)
def default_vocabulary():
    return Vocabulary.of(json.loads(VOCABULARY.read_text(encoding="utf-8")))


def understand(text, vocabulary=None):
    """The Query of `text`: its article labels and its concepts, in the order they were said."""
    vocabulary = default_vocabulary() if vocabulary is None else vocabulary
    labels, rest = tk.article_labels(text)
    concepts = []
    for _, run in tk.runs(rest):
        concepts.extend(_cut(run, vocabulary) if tk.is_cjk(run) else [Concept((run,))])
    if not concepts and not labels:  # nothing but question words: search what was typed
        concepts = [Concept((run,)) for _, run in tk.runs(rest)]
    return Query(labels, _unique(concepts))


def _cut(run, vocabulary):
    """Longest match first: a vocabulary phrase of two characters or more becomes its concept, a
    question phrase is dropped; what lies between is cut into words (_words)."""
    concepts, leftover, at = [], "", 0
    while at < len(run):
        for size in range(min(vocabulary.longest, len(run) - at), 1, -1):
            piece = run[at:at + size]
            if piece in vocabulary.terms or piece in vocabulary.stop:
                break
        else:
            leftover, at = leftover + run[at], at + 1
            continue
        concepts.extend(_words(leftover, vocabulary, len(run)))
        leftover = ""
        if piece in vocabulary.terms:
            concepts.append(vocabulary.terms[piece])
        at += size
    return concepts + _words(leftover, vocabulary, len(run))


def _words(text, vocabulary, run_length):
    """A stretch of the query the vocabulary has no phrase for, cut into words by a dictionary
    segmenter: a word the vocabulary knows becomes its concept (a single character only then: 偷,
    狗), a question word is dropped, any other word of two characters or more is kept."""
    if not text:
        return []
    if run_length == 1:
        return [vocabulary.terms.get(text, Concept((text,)))]
    concepts = []
    for word in segment(text):
        age = AGE.match(word)
        if age:
            concepts.append(_age(age.group(1)))
        elif word in vocabulary.terms:
            concepts.append(vocabulary.terms[word])
        elif word not in vocabulary.stop and len(word) >= 2:
            concepts.append(Concept((word,)))
    return concepts


def _age(number):
    """十五岁 → 未成年人 (under 18), 六十五岁 → 老年人 (60 and over): how the laws speak of ages."""
    years = int(number) if number.isdigit() else tk.chinese_number(number)
    if years is not None and years < 18:
        return Concept(("周岁", "未成年人", "未满十六周岁" if years < 16 else "已满十六周岁"),
                       ("minors-protection-law", "criminal-law", "labor-law"))
    if years is not None and years >= 60:
        return Concept(("老年人",), ("elderly-rights-protection-law",))
    return Concept(("周岁",), weight=0.5)


def segment(text):
    """Words of a Chinese text (rjieba: jieba's dictionary and HMM in Rust, loaded on first use)."""
    import rjieba

    return rjieba.cut(text)


def _unique(concepts):
    seen, kept = set(), []
    for concept in concepts:
        if concept.words not in seen:
            seen.add(concept.words)
            kept.append(concept)
    return kept

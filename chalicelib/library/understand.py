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
from chalicelib.paths import runtime_dir

VOCABULARY = Path(__file__).with_name("vocabulary.json")
AGE = re.compile(r"^([0-9]+|[零一二两三四五六七八九十百]+)周?岁$")


@dataclass(frozen=True)
class Concept:
    words: tuple  # the citizen's word first, then how the statutes say it
    laws: tuple = ()  # where it is ruled: a law ("civil-code") or a part of one ("civil-code:继承")
    weight: float = 1.0  # a party (公司, 邻居, 孩子) says who, not what happened: it weighs less


@dataclass(frozen=True)
class Query:
    labels: list  # article labels the query names (第一千零七十九条)
    concepts: list = field(default_factory=list)
    domains: tuple = ()  # places (see Concept.laws) of the matter categories the query's words suggest

    @property
    def words(self):
        return [word for concept in self.concepts for word in concept.words]

    def law_votes(self):
        """{place: how many of the concepts (and matter categories) point to it}."""
        votes = {}
        for places in [concept.laws for concept in self.concepts] + [self.domains]:
            for place in places:
                votes[place] = votes.get(place, 0) + 1
        return votes


@dataclass(frozen=True)
class Vocabulary:
    terms: dict  # colloquial phrase -> Concept
    stop: frozenset
    longest: int
    domains: tuple = ()  # (keywords, places) of each matter category (seeds/categories.json)

    @classmethod
    def of(cls, data, keywords=None):
        terms = {tk.normalize(term): Concept((tk.normalize(term),) + tuple(
            tk.normalize(word) for word in entry.get("say", ()) if tk.normalize(word) != tk.normalize(term)),
            tuple(entry.get("laws", ())), float(entry.get("weight", 1.0)))
            for term, entry in data.get("terms", {}).items()}
        stop = frozenset(tk.normalize(word) for word in data.get("stop", ()))
        domains = tuple((tuple(tk.normalize(k) for k in (keywords or {}).get(code, ())), tuple(places))
                        for code, places in data.get("domains", {}).items())
        return cls(terms, stop, max(map(len, list(terms) + list(stop)), default=1), domains)


EMPTY = Vocabulary({}, frozenset(), 1)


@lru_cache(maxsize=1)
def default_vocabulary():
    categories = json.loads((runtime_dir("seeds") / "categories.json").read_text(encoding="utf-8"))
    keywords = {c["code"]: c.get("keywords", ()) for c in categories["categories"]}
    return Vocabulary.of(json.loads(VOCABULARY.read_text(encoding="utf-8")), keywords)


def understand(text, vocabulary=None):
    """The Query of `text`: its article labels and its concepts, in the order they were said."""
    vocabulary = default_vocabulary() if vocabulary is None else vocabulary
    labels, rest = tk.article_labels(text)
    concepts = []
    for _, run in tk.runs(rest):
        concepts.extend(_cut(run, vocabulary) if tk.is_cjk(run) else [Concept((run,))])
    if not concepts and not labels:  # nothing but question words: search what was typed
        concepts = [Concept((run,)) for _, run in tk.runs(rest)]
    domains = tuple(place for keywords, places in vocabulary.domains
                    if any(keyword in rest for keyword in keywords) for place in places)
    return Query(labels, _unique(concepts), domains)


def _cut(run, vocabulary):
    """The run cut into words (a dictionary segmenter), then read left to right: the longest
    stretch of words the vocabulary knows becomes its concept (偷, 借钱不还), question words are
    dropped, an age speaks as the laws do, any other word of two characters or more is kept (a
    word holding a known phrase is read for it: 办卡后 → 办卡)."""
    words, concepts, at = segment(run), [], 0
    while at < len(words):
        for end in range(min(len(words), at + 4), at, -1):
            piece = "".join(words[at:end])
            if piece in vocabulary.terms or piece in vocabulary.stop:
                break
        else:
            end, piece = at + 1, words[at]
        at = end
        age = AGE.match(piece)
        if piece in vocabulary.terms:
            concepts.append(vocabulary.terms[piece])
        elif age:
            concepts.append(_age(age.group(1)))
        elif piece not in vocabulary.stop:
            concepts.extend(_inside(piece, vocabulary))
    return concepts


def _inside(word, vocabulary):
    """The phrases of two characters or more a word holds, and what is left (kept when two
    characters or more): 办卡后 → 办卡, 公司违法 → 公司 违法."""
    concepts, leftover, at = [], "", 0
    while at < len(word):
        for size in range(min(vocabulary.longest, len(word) - at), 1, -1):
            if word[at:at + size] in vocabulary.terms or word[at:at + size] in vocabulary.stop:
                break
        else:
            leftover, at = leftover + word[at], at + 1
            continue
        concepts.extend([Concept((leftover,))] if len(leftover) >= 2 else [])
        leftover, piece = "", word[at:at + size]
        concepts.extend([vocabulary.terms[piece]] if piece in vocabulary.terms else [])
        at += size
    return concepts + ([Concept((leftover,))] if len(leftover) >= 2 else [])


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

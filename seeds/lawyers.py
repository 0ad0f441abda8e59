"""A deterministic generator of the lawyer pool: the hand-named 信丰 lawyers first, then generated
lawyers placed across the seeded counties (more where the legal market is bigger).

Only `random.Random(seed).random()` drives the choices: Python guarantees that sequence across
versions (choice/sample/shuffle may change), so every machine builds the same pool. No wall clock:
years in practice count to REFERENCE_YEAR. The pool does not depend on `count`, so the first N
lawyers of a small load are the first N of the full one.
"""
import base64
import bisect
import hashlib
import itertools
import random

from seeds import names, read_json
from seeds.geography import county_weights, province_short_names, read_provinces

SEED = 2260
DEFAULT_COUNT = 16_000
REFERENCE_YEAR = 2025
XINFENG = read_json("xinfeng.json")

# Relative share of generated lawyers practising each category; codes not listed weigh 1.
SPECIALTY_WEIGHTS = {
    "labor": 10, "marriage_family": 10, "contract": 10, "private_lending": 9, "criminal": 8,
    "traffic_accident": 7, "inheritance": 5, "consumer": 5, "work_injury": 5, "house_lease": 4,
    "administrative": 4, "personal_injury": 4, "medical": 3, "rural_land": 3, "other": 3,
    "telecom_fraud": 2, "property_service": 2, "neighbour": 2,
}
SPECIALTY_COUNTS = ((1, 25), (2, 40), (3, 25), (4, 10))

# Border counties of 赣州 and the neighbours across them: about one generated lawyer in SERVES_ONE_IN
# practising in one of these also takes questions from one or two of its neighbours (`serves`).
NEIGHBOURS = {
    "360722": ("360723", "360729", "360783", "360726", "360704", "360703"),  # 信丰
    "360723": ("360722", "360703", "360725"),  # 大余: 信丰, 南康, 崇义
    "360703": ("360723", "360722", "360724"),  # 南康: 大余, 信丰, 上犹
    "360704": ("360722", "360702", "360731"),  # 赣县: 信丰, 章贡, 于都
    "360729": ("360722", "360783"),  # 全南: 信丰, 龙南
    "360783": ("360722", "360729", "360728"),  # 龙南: 信丰, 全南, 定南
    "360726": ("360722", "360728", "360734"),  # 安远: 信丰, 定南, 寻乌
    "360702": ("360704", "360703"),  # 章贡: 赣县, 南康
}
SERVES_ONE_IN = 4


def licence_number(kind, region_prefix, first_year, male, serial):
    """17 digits: practice kind (1 full-time, 2 part-time), 4-digit province+city code, year of
    first licence, certificate class (always 1, lawyer), gender (1 male, 0 female), 6-digit
    serial."""
    return f"{kind}{region_prefix}{first_year:04d}1{1 if male else 0}{serial:06d}"


def openid_for(role, entity_id):
    """A stable WeChat-style openid ("o" + 27 URL-safe characters) for the local stage."""
    digest = hashlib.sha256(f"zhangshangtong/{role}/{entity_id}".encode()).digest()
    return "o" + base64.urlsafe_b64encode(digest).decode()[:27]


class _Serials:
    """Serial numbers unique within (region prefix, year), so licence numbers are unique."""

    def __init__(self):
        self._next = {}

    def take(self, region_prefix, year):
        key = f"{region_prefix}{year}"
        if key not in self._next:  # start somewhere plausible, not at 000001 everywhere
            self._next[key] = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 400_000 + 1
        self._next[key] += 1
        return self._next[key]


class _Weighted:
    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def generate(count=DEFAULT_COUNT, *, seed=SEED, category_codes=None):
    """Yield `count` lawyers as plain dicts (the fields of the Lawyer model)."""
    codes = category_codes or [c["code"] for c in read_json("categories.json")["categories"]]
    serials = _Serials()
    named = itertools.islice(_named(serials), count)
    yield from named
    yield from itertools.islice(_generated(random.Random(seed), serials, codes),
                                max(count - len(XINFENG["lawyers"]), 0))


def _named(serials):
    county = XINFENG["county"]
    for entry in XINFENG["lawyers"]:
        year, male = REFERENCE_YEAR - entry["years"], entry["gender"] == "m"
        licence = licence_number(1, county[:4], year, male, serials.take(county[:4], year))
        yield _lawyer(licence, entry["name"], XINFENG["firms"][entry["firm"]],
                      (county, county[:4] + "00", county[:2] + "0000"), entry["specialties"],
                      entry["years"], entry["stars"], entry.get("community", False))


def _generated(rng, serials, codes):
    provinces = read_provinces()
    shorts = province_short_names(provinces)
    places = _Weighted([((county, city, province), weight)
                        for county, city, province, weight in county_weights(provinces)])
    city_weight = {c["code"]: c["weight"] for p in provinces for c in p["cities"]}
    surnames = _Weighted(names.SURNAMES)
    categories = _Weighted([(code, SPECIALTY_WEIGHTS.get(code, 1)) for code in codes])
    how_many = _Weighted(SPECIALTY_COUNTS)
    while True:
        county, city, province = places.pick(rng)
        male = rng.random() < 0.6
        years = 1 + int(30 * rng.random() ** 1.4)
        year = REFERENCE_YEAR - years
        kind = 2 if rng.random() < 0.05 else 1
        licence = licence_number(kind, city[:4], year, male, serials.take(city[:4], year))
        name = surnames.pick(rng) + _given_name(rng, male)
        firm = _firm(rng, shorts[province], city, city_weight[city])
        wanted = how_many.pick(rng)
        specialties = []
        while len(specialties) < wanted:
            code = categories.pick(rng)
            if code not in specialties:
                specialties.append(code)
        stars = 0.0 if rng.random() < 0.04 else round(3.0 + 2.0 * rng.random() ** 0.6, 1)
        lawyer = _lawyer(licence, name, firm, (county, city, province), specialties, years, stars,
                         False)
        yield _with_serves(lawyer)


def _with_serves(lawyer):
    """Some lawyers of 赣州's border counties serve a neighbour or two. Chosen from a hash of the
    lawyer's id, not from the generator's random sequence, so every other choice stays as it was."""
    neighbours = NEIGHBOURS.get(lawyer["county"])
    digest = hashlib.sha256(f"serves/{lawyer['lawyer_id']}".encode()).digest()
    if neighbours and digest[0] % SERVES_ONE_IN == 0:
        first = digest[1] % len(neighbours)
        lawyer["serves"] = [neighbours[(first + n) % len(neighbours)] for n in range(1 + digest[2] % 2)]
    return lawyer


def _given_name(rng, male):
    pool = names.GIVEN_MALE if male else names.GIVEN_FEMALE
    length = 1 if rng.random() < 0.25 else 2
    return "".join(pool[int(rng.random() * len(pool))] for _ in range(length))


def _firm(rng, province_short, city, weight):
    """One of the city's firms: bigger markets have more firms."""
    firms_in_city = max(2, round(weight * 4))
    offset = int(city) // 100 % len(names.FIRM_WORDS)
    pick = offset + 7 * int(rng.random() * firms_in_city)
    word = names.FIRM_WORDS[pick % len(names.FIRM_WORDS)]
    return f"{province_short}{word}律师事务所"


def _lawyer(licence, name, firm, place, specialties, years, stars, community):
    county, city, province = place
    lawyer_id = "L" + licence
    return {"lawyer_id": lawyer_id, "name": name, "licence_no": licence, "firm": firm,
            "county": county, "city": city, "province": province,
            "specialties": list(specialties), "years_in_practice": years, "stars": stars,
            "openid": openid_for("lawyer", lawyer_id), "community": community}

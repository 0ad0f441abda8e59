"""Geography seeds: GB/T 2260 provinces, cities and counties, and the dispatch chain of a county."""
from seeds import read_json

LEVELS = ("province", "city", "county")


def read_provinces():
    return read_json("regions.json")["provinces"]


def flatten(provinces):
    """Every region as {code, name, level, parent, city, province}, parents before children."""
    regions = []
    for province in provinces:
        regions.append({"code": province["code"], "name": province["name"], "level": "province",
                        "parent": None, "city": None, "province": None})
        for city in province["cities"]:
            regions.append({"code": city["code"], "name": city["name"], "level": "city",
                            "parent": province["code"], "city": None, "province": province["code"]})
            for code, name in city["counties"]:
                regions.append({"code": code, "name": name, "level": "county",
                                "parent": city["code"], "city": city["code"],
                                "province": province["code"]})
    return regions


def chain(county_code, regions):
    """The dispatch tiers of a county, nearest first: [county, city, province] regions."""
    by_code = {r["code"]: r for r in regions}
    tiers = [by_code[county_code]]
    while tiers[-1]["parent"]:
        tiers.append(by_code[tiers[-1]["parent"]])
    return tiers


def county_weights(provinces):
    """(county, city, province, weight) for placing generated lawyers.

    A city's weight is shared among its counties; urban districts (区) take more than
    county-level cities (市), which take more than counties (县): lawyers cluster where courts
    and businesses are.
    """
    placements = []
    for province in provinces:
        for city in province["cities"]:
            shares = [_urban_share(name) for _, name in city["counties"]]
            for (code, _), share in zip(city["counties"], shares):
                placements.append((code, city["code"], province["code"],
                                   city["weight"] * share / sum(shares)))
    return placements


def _urban_share(name):
    return 3 if name.endswith("区") else 2 if name.endswith("市") else 1


def province_short_names(provinces):
    return {p["code"]: p["short"] for p in provinces}

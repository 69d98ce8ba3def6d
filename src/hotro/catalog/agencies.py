"""Builds the agency rows of an administrative structure from the units of
`vietnam-provinces` and the codes and kinds of `data/agencies.yaml`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vietnam_provinces
import yaml

from hotro.catalog.schema import AgencyKind, Level

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name: str
    kind: AgencyKind
    level: Level
    parent_code: str | None
    province_code: int | None = None
    district_code: int | None = None
    ward_code: int | None = None
    place: str = ""  # of the date line: where the agency sits (`place_of`)


@dataclass(frozen=True)
class Structure:
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    acts_for: dict[AgencyKind, AgencyKind]


# The types that open a unit's name, as written mid-sentence, longest first; the package
# writes some with a capital inside ("Thành Phố Bắc Kạn"), which a sentence must not keep.
_UNIT_TYPES = ("thành phố", "thị trấn", "thị xã", "tỉnh", "quận", "huyện", "phường", "xã")


def in_phrase(unit_name: str) -> str:
    """'Tỉnh Quảng Ngãi' -> 'tỉnh Quảng Ngãi' (mid-sentence), 'Thành Phố Bắc Kạn' -> 'thành
    phố Bắc Kạn', but 'Quận 1' stays: a numbered district's type is part of its proper name."""
    lowered = unit_name.lower()
    for kind in _UNIT_TYPES:
        if lowered.startswith(kind + " "):
            rest = unit_name[len(kind) + 1 :]
            if rest.split(" ")[-1].isdigit():
                return kind.capitalize() + " " + rest
            return kind + " " + rest
    first, _, rest = unit_name.partition(" ")
    if rest and not rest.split(" ")[-1].isdigit():
        return first.lower() + " " + rest
    return unit_name


def place_of(unit_name: str, *, in_full: bool = False) -> str:
    """The place of a date line (Decree 30/2020, Appendix I): the official name of the unit
    where the body sits, without its type ("Tỉnh Quảng Ngãi" -> "Quảng Ngãi", "Quận Tân Phú"
    -> "Tân Phú"), but in full for a unit named by a number ("Quận 1", "Phường 12") or after a
    person or an event (`in_full`: "Thành phố Hồ Chí Minh")."""
    name = " ".join(unit_name.split())
    for unit_type in _UNIT_TYPES:
        if name.lower().startswith(unit_type + " "):
            rest = name[len(unit_type) + 1 :]
            if in_full or rest.split(" ")[-1].isdigit():
                return unit_type[0].upper() + unit_type[1:] + " " + rest
            return rest
    return name


def _code(z: str, y: str, h: str, v: str = "000") -> str:
    return f"{v}.{z}.{y}.{h}"


def load_spec(path: Path = DATA / "agencies.yaml") -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.safe_load(f)
    return spec


def structure(spec: dict[str, Any]) -> Structure:
    return Structure(
        name=str(spec["structure"]),
        valid_from=spec["valid_from"],
        valid_to=spec.get("valid_to"),
        acts_for={AgencyKind(k): AgencyKind(v) for k, v in spec.get("acts_for", {}).items()},
    )


def units() -> list[dict[str, Any]]:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        data: list[dict[str, Any]] = json.load(f)
    return data


def build(spec: dict[str, Any], provinces: list[dict[str, Any]]) -> Iterator[AgencyRow]:
    """Rows parents-first: national, then for each province its own agencies, districts and
    communes."""
    government_office: str | None = None
    full = spec.get("place_in_full", {})
    in_full = {
        level: {int(code) for code in full.get(level, [])}
        for level in ("provinces", "districts", "wards")
    }
    for entry in spec["national"]:
        kind = AgencyKind(entry["kind"])
        if kind == AgencyKind.GOVERNMENT_OFFICE:
            government_office = entry["code"]
        place = str(entry.get("place", spec["national_place"]))
        yield AgencyRow(entry["code"], entry["name"], kind, Level.NATIONAL, None, place=place)

    h_codes: dict[int, str] = {int(k): v for k, v in spec["provinces"].items()}
    names: dict[int, str] = {int(k): v for k, v in spec.get("province_names", {}).items()}
    first_slot = int(spec["first_district_slot"])
    overrides = {int(k): int(v) for k, v in spec.get("district_slot_overrides", {}).items()}
    for province in provinces:
        h = h_codes[province["code"]]
        p_name = names.get(province["code"], province["name"])  # the name of the time
        unit = in_phrase(p_name)
        p_place = place_of(p_name, in_full=province["code"] in in_full["provinces"])
        committee = _code("00", "00", h)
        for entry in spec["province_agencies"]:
            only = entry.get("only")
            if only and province["code"] not in only:
                continue
            code = _code("00", entry["slot"], h)
            yield AgencyRow(
                code=code,
                name=entry["name"].format(unit=unit),
                kind=AgencyKind(entry["kind"]),
                level=Level.PROVINCE,
                parent_code=government_office if code == committee else committee,
                province_code=province["code"],
                place=p_place,
            )
        districts = sorted(province["districts"], key=lambda d: d["code"])
        for rank, district in enumerate(districts):
            y = f"{overrides.get(district['code'], first_slot + rank):02d}"
            d_unit = in_phrase(district["name"])
            d_place = place_of(district["name"], in_full=district["code"] in in_full["districts"])
            d_committee = _code("00", y, h)
            for entry in spec["district_agencies"]:
                code = _code(entry["slot"], y, h)
                if code == d_committee:
                    parent = committee
                elif "parent_slot" in entry:
                    parent = _code("00", entry["parent_slot"], h)
                else:
                    parent = d_committee
                yield AgencyRow(
                    code=code,
                    name=entry["name"].format(unit=d_unit),
                    kind=AgencyKind(entry["kind"]),
                    level=Level.DISTRICT,
                    parent_code=parent,
                    province_code=province["code"],
                    district_code=district["code"],
                    place=d_place,
                )
            wards = sorted(district["wards"], key=lambda w: w["code"])
            for w_rank, ward in enumerate(wards, start=1):
                for entry in spec["commune_agencies"]:
                    yield AgencyRow(
                        code=_code(f"{w_rank:02d}", y, h),
                        name=entry["name"].format(unit=in_phrase(ward["name"])),
                        kind=AgencyKind(entry["kind"]),
                        level=Level.COMMUNE,
                        parent_code=d_committee,
                        province_code=province["code"],
                        district_code=district["code"],
                        ward_code=ward["code"],
                        place=place_of(ward["name"], in_full=ward["code"] in in_full["wards"]),
                    )

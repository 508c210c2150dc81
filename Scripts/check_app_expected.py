"""What Scripts/check_app.py expects, kept apart from the app: the Buku KIA KBM table, the RTLH
survey typed on the page and what the schema and the export must hold for it, and the helpers
that record a mismatch and compute dates. Imported by check_app.py."""
import datetime

KBM = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300, 11: 200}
errors = []
# The monthly report is SelarasReport's A4-landscape print page (the same as the hub's): on a
# phone it may scroll sideways; every other page must fit the window.
PRINT_PAGES = {"laporan-bulanan"}
# The RTLH survey as typed and chosen on the page (Indonesian words), and what the schema stores
# for each word (Dinas Perkim form words → the schema's values; kept here, apart from the app).
SURVEY_TYPED = {"head_name": "Rahmat Hidayat", "head_nik": "6471050101800003", "address": "Jl. Mulawarman Gg. Melati No. 7",
                "rt": "12", "rw": "3", "occupants": "5", "floor_area_m2": "24,5", "income_rp": "1500000"}
SURVEY_CHOSEN = {"land_ownership": "Milik sendiri", "house_ownership": "Sewa/kontrak", "roof_material": "Seng", "roof_damaged": "Ya",
                 "wall_material": "Bambu", "floor_material": "Tanah", "structure": "Rusak", "electricity": "PLN", "ventilation": "Tidak",
                 "toilet": "Tidak ada", "water_source": "Sumur tidak terlindung"}
SURVEY_STORED = {"land_ownership": "own", "house_ownership": "rent", "roof_material": "metal", "roof_damaged": "yes",
                 "wall_material": "bamboo", "floor_material": "earth", "structure": "damaged", "electricity": "pln", "ventilation": "no",
                 "toilet": "none", "water_source": "unprotected-well"}
# The export keeps the RTLH criteria these answers meet (1/0), not the words: Tanah is a low-grade
# floor, Bambu low-grade walls, a damaged roof a bad roof, Rusak a damaged structure, no toilet, an
# unprotected well, PLN is electricity, no ventilation; 24,5 m² for 5 people is 4,90 m² each,
# crowded (under 9 m²): 8 of the 9 criteria.
SURVEY_CRITERIA_CSV = {"crowded": "1", "low_grade_floor": "1", "low_grade_walls": "1", "bad_roof": "1", "damaged_structure": "1",
                       "no_private_toilet": "1", "unprotected_water": "1", "no_electricity": "0", "poor_ventilation": "1",
                       "criteria_met": "8", "rtlh": "1", "floor_area_per_person": "4.90"}


def expect(what, got, want):
    if got != want:
        errors.append(f"{what}: page/app shows {got!r}, expected {want!r}")


def months_before(d, n):
    y, m = d.year, d.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return datetime.date(y, m, min(d.day, 28))


def completed_months(born, d):
    return (d.year - born.year) * 12 + (d.month - born.month) - (1 if d.day < born.day else 0)


def dmy(d):
    return d.strftime("%d/%m/%Y")

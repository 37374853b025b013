"""The medicine-history worksheet people print, fill in and bring to their consultation.

Its columns are what a referral carries and what health plans check before they cover some
treatments (facts file §12, §14): each medicine tried, its highest dose, for how long, whether it
helped, its side effects, and whether it was added to another medicine (augmentation); then the
medicines taken now. A form that asks for the same history should read its columns from here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Table:
    heading: str
    caption: str
    columns: tuple
    rows: int  # blank rows to write in

    @property
    def row_numbers(self):
        return range(1, self.rows + 1)


MEDICINES_TRIED = Table(
    heading="1. Medicines you have tried for depression",
    caption="Medicines you have tried for depression, one row for each medicine",
    columns=(
        Column("Medicine", "Its name"),
        Column("Highest dose", "The most you took, such as 100 mg a day"),
        Column("Weeks taken", "About how long you took it"),
        Column("Did it help?", "Not at all, a little, or a lot"),
        Column("Side effects", "Anything that bothered you"),
        Column("Added to another medicine?", "If so, which one"),
    ),
    rows=8,
)

CURRENT_MEDICINES = Table(
    heading="2. Medicines you take now",
    caption="Every medicine you take now, one row for each medicine",
    columns=(
        Column("Medicine", "Its name"),
        Column("Dose", "Such as 10 mg"),
        Column("How often", "Such as twice a day"),
        Column("What it is for"),
    ),
    rows=6,
)

WORKSHEET = (MEDICINES_TRIED, CURRENT_MEDICINES)

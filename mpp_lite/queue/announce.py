"""Turn a call (ticket A001 to counter 3) into the recorded clips the display plays in order.

"Nomor antrean A nol nol satu, silakan menuju loket tiga": the clips live in static/audio/
(made by scripts/make_voice_clips.py), so announcements need no internet and no TTS service.
The ticket number is read letter by letter and digit by digit; the counter as a number.
"""

from __future__ import annotations

CLIP_FOLDER = "audio"  # under static/
CLIP_EXTENSION = ".wav"

WORDS = ("nomor", "antrean", "silakan", "menuju", "loket", "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus")
DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# How Indonesians say the letters when reading out a code.
LETTERS = {
    "A": "a",
    "B": "be",
    "C": "ce",
    "D": "de",
    "E": "e",
    "F": "ef",
    "G": "ge",
    "H": "ha",
    "I": "i",
    "J": "je",
    "K": "ka",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "o",
    "P": "pe",
    "Q": "ki",
    "R": "er",
    "S": "es",
    "T": "te",
    "U": "u",
    "V": "fe",
    "W": "we",
    "X": "eks",
    "Y": "ye",
    "Z": "zet",
}
CHIME = "chime"


def letter_clip(letter: str) -> str:
    return f"huruf-{letter.lower()}"


def digit_clip(digit: int) -> str:
    return f"angka-{digit}"


def number_words(value: int) -> list[str]:
    """Clip names that say a whole number 0-999 the Indonesian way (23 -> dua puluh tiga)."""
    if value < 0 or value > 999:
        return [digit_clip(int(d)) for d in str(abs(value))]
    if value < 10:
        return [digit_clip(value)]
    if value == 10:
        return ["sepuluh"]
    if value == 11:
        return ["sebelas"]
    if value < 20:
        return [digit_clip(value - 10), "belas"]
    if value < 100:
        tens, ones = divmod(value, 10)
        return [digit_clip(tens), "puluh"] + ([digit_clip(ones)] if ones else [])
    hundreds, rest = divmod(value, 100)
    head = ["seratus"] if hundreds == 1 else [digit_clip(hundreds), "ratus"]
    return head + (number_words(rest) if rest else [])


def ticket_number_clips(number: str) -> list[str]:
    """A001 -> a, nol, nol, satu: letters and digits one by one, as the number is printed."""
    clips = []
    for char in number.upper():
        if char in LETTERS:
            clips.append(letter_clip(char))
        elif char.isdigit():
            clips.append(digit_clip(int(char)))
    return clips


def clips_for_call(number: str, counter: int) -> list[str]:
    """The clip names (no folder, no extension) for one call, chime first."""
    return [
        CHIME,
        "nomor",
        "antrean",
        *ticket_number_clips(number),
        "silakan",
        "menuju",
        "loket",
        *number_words(int(counter)),
    ]


def clip_filename(name: str) -> str:
    return f"{CLIP_FOLDER}/{name}{CLIP_EXTENSION}"


def all_clips() -> dict[str, str]:
    """Every clip the builder can name, with the Indonesian text the generator speaks."""
    clips = {word: word for word in WORDS}
    clips.update({digit_clip(i): text for i, text in enumerate(DIGITS)})
    clips.update({letter_clip(letter): spoken for letter, spoken in LETTERS.items()})
    return clips

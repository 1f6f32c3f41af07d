"""Any script to Latin letters, with the fixes names need beyond a generic transliterator.

``anyascii`` (pure Python, no compiler, covers every script the region writes names in; ICU's
Any-Latin has no Khmer, Lao or Sinhala) does the bulk. Around it:

* Burmese goes through :mod:`rcf.screening.burmese` (one word per syllable, conventional spelling);
* Thai vowels written before their consonant (เ แ โ ใ ไ) are moved after it, as they are read;
* Chinese, Korean and Japanese come out of anyascii as one capitalised word per syllable
  (``XiJinPing``): the family name is split from the given name, which stays joined, as Latin
  lists write them ("Xi Jinping"); common Korean family names get their usual spelling (Kim, Lee);
* Arabic-script letters that anyascii drops or spells with symbols (alef, ain, ta marbuta) are
  spelt the way Latin lists write them, and the article ال is split from the word it is glued to.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from rcf.screening.burmese import is_burmese, romanise_burmese
from rcf.screening.indic import has_inherent_vowels, spell_inherent_vowels

THAI_LEADING_VOWELS = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
THAI_SILENT = re.compile("[\u0e01-\u0e2e][\u0e34-\u0e39]?\u0e4c")  # ์ silences its letter
# A Thai consonant that ends a word is read as one of four finals (Suksawat สุขสวัสดิ์, not
# sukhswas; Boonmee บุญมี keeps its n inside the word). ร and ล stay: lists write Somporn as
# often as Somphon (สมพร), and Rattanakul (รัตนกุล) rather than Rattanakun.
THAI_FINALS = {**dict.fromkeys("สศษซดตถทธฎฏฐฑฒจช", "ต"), **dict.fromkeys("ญณ", "น"),
               **dict.fromkeys("บปพภฟ", "ป"), **dict.fromkeys("ขคฆ", "ก")}  # fmt: skip
THAI_FINAL = re.compile(f"(?<=[\u0e01-\u0e4e])([{''.join(THAI_FINALS)}])(?![\u0e01-\u0e4e])")
# The anusvara is read n (Singh, Hossain), not the m a transliterator writes.
INDIC_ANUSVARA = str.maketrans(
    {"\u0902": "\u0928\u094d", "\u0982": "\u09a8\u09cd", "\u0d82": "\u0db1\u0dca"}
)
TAMIL_CA = "\u0b9a"  # read s at the start of a word, ch or s inside (Selvam, Sivakumar)
ARABIC_LETTERS = str.maketrans(
    {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ع": "a", "ة": "a", "ى": "a", "ؤ": "u"}  # noqa: RUF001
)
# Persian, Urdu and Pashto say z where Arabic says d or dh (Reza, Ramazan, Zakir).
PERSIAN_LETTERS = frozenset("پچژگیکۍېښځډټہےںڈڑھ")
# Letters only Arabic writes: a name with them is read as Arabic even where a Persian keyboard
# put in its own ye or kaf (رانی beside ثائر in an Arabic name).
ARABIC_ONLY_LETTERS = frozenset("ةيكى")
PERSIAN_SOUNDS = str.maketrans({"ض": "z", "ذ": "z", "ظ": "z", "ث": "s"})
ARABIC_ARTICLE = re.compile("(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{2})")
ARABIC_WORD_ALEF = re.compile("(?<=[\u0600-\u06ff])[اأإآ](?=[\u0600-\u06ff])")
# Allah (الله, or the ligature ﷲ) loses its alef and doubled lam in a transliterator ("lh"):
# it is spelt as Latin lists write it, glued to the name it completes (عبدالله Abdullah,
# حبيب الله Habibullah, ثناء الله Sanaullah) and alone in front of one (الله داد Allah Dad).
ALLAH = "[اٱأ]لل[\u064b-\u0652\u0670]*[هہ](?![\u0600-\u06ff])|\ufdf2"  # noqa: RUF001
ALLAH_COMPOUND = re.compile(f"(?<=[\u0600-\u06ff])[\\s\u200c]*(?:{ALLAH})")
ALLAH_ALONE = re.compile(f"(?<![\u0600-\u06ff])(?:{ALLAH})")
CJK_SYLLABLE = re.compile("[A-Z][a-z]*")
KOREAN_FAMILY_NAMES = {
    "gim": "kim", "i": "lee", "ri": "lee", "bak": "park", "choe": "choi", "jeong": "jung",
    "gang": "kang", "jo": "cho", "yun": "yoon", "im": "lim", "o": "oh", "gwon": "kwon",
    "an": "ahn", "bag": "park", "yu": "yoo", "ryu": "ryu", "no": "roh", "gu": "koo",
    "go": "ko",
}  # fmt: skip


def to_latin(text: str) -> str:
    """Transliterate text in any script to Latin letters (case kept, spaces between words)."""
    text = unicodedata.normalize("NFC", text)
    if is_burmese(text):
        text = romanise_burmese(text)
    text = THAI_SILENT.sub("", THAI_LEADING_VOWELS.sub(r"\2\1", text))
    text = THAI_FINAL.sub(lambda final: THAI_FINALS[final.group(1)], text)
    text = text.translate(INDIC_ANUSVARA)
    if has_inherent_vowels(text):
        text = spell_inherent_vowels(text)
    text = _arabic_spelling(text)
    return " ".join(_word_to_latin(word) for word in text.split())


def _arabic_spelling(text: str) -> str:
    if not any("\u0600" <= char <= "\u06ff" for char in text):
        return text
    if any(c in PERSIAN_LETTERS for c in text) and not any(c in ARABIC_ONLY_LETTERS for c in text):
        text = text.translate(PERSIAN_SOUNDS)
    text = ALLAH_ALONE.sub("allah", ALLAH_COMPOUND.sub("ullah", text))
    text = " ".join(_glued_article_apart(word) for word in text.split())
    text = ARABIC_ARTICLE.sub("ال ", text)
    text = ARABIC_WORD_ALEF.sub("a", text)  # a long a inside a word, dropped by anyascii
    return text.translate(ARABIC_LETTERS)


# Names glued at the article (ال attaches to its word, so a typist often drops the space
# before it: مسرورالسيفي, نورالدين), but not the compounds of Abd and Abu (عبدالرحمن), which
# Latin lists write as one word too (Abdurrahman).
GLUED_TO_ARTICLE = frozenset({"عبد", "ابو", "أبو"})


def _glued_article_apart(word: str) -> str:
    start = 2 if word.startswith("ال") else 0
    at = word.find("ال", start + 3)
    while at != -1 and len(word) - at - 2 >= 3:
        if word[start:at] not in GLUED_TO_ARTICLE:
            return f"{word[:at]} {word[at:]}"
        at = word.find("ال", at + 1)
    return word


def _word_to_latin(word: str) -> str:
    if _is_hangul(word):
        return _korean(str(anyascii(word)))
    if _is_han_or_kana(word):
        return _cjk(str(anyascii(word)))
    if TAMIL_CA in word:
        return str(anyascii(word)).replace("c", "s")
    return str(anyascii(word))


def _is_hangul(word: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in word)


def _is_han_or_kana(word: str) -> bool:
    return any("\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff" for char in word)


def _cjk(latin: str) -> str:
    syllables: list[str] = CJK_SYLLABLE.findall(latin)
    if len(syllables) < 2:
        return latin
    return syllables[0] + " " + "".join(syllables[1:])


def _korean(latin: str) -> str:
    syllables: list[str] = CJK_SYLLABLE.findall(latin)
    if not syllables:
        return latin
    family = KOREAN_FAMILY_NAMES.get(syllables[0].lower(), syllables[0])
    return " ".join([family.capitalize(), "".join(syllables[1:])]).strip()

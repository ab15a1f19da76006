"""jieba's word segmentation (its dictionary, HMM off) in a few megabytes instead of some ninety.

jieba keeps its 349,046 words, and every prefix of them, in a Python dict: some 70 MB in each process,
plus 16 MB of HMM tables loaded on import that a cut without HMM never reads. Here the same words sit
in a marisa trie (1.7 MB) beside an array of their frequencies (1.4 MB), built once per machine from
jieba's own dict.txt. The cut is jieba's: every dictionary word starting at each character (the DAG),
the most probable route through them, runs of Latin letters and digits kept together.
tests/test_segmenter.py holds it to jieba word for word.
"""

import importlib.util
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator
from hashlib import sha1
from math import log
from pathlib import Path

import marisa_trie

# jieba's own block patterns: what can form words, what separates them, what joins into a Latin run.
_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_LATIN = re.compile(r"[a-zA-Z0-9]")
_HEADER = struct.Struct("<QQ")  # the dictionary's total frequency, the trie's length in bytes
# Run in a child process by _cached(); not `-m` on this module, which its own package imports first.
_BUILD = "import sys; from pathlib import Path; from handlers.guide.segmenter import build; build(*map(Path, sys.argv[1:]))"


def jieba_dictionary() -> Path:
    """jieba's dict.txt, found without importing jieba (whose import loads the HMM tables)."""
    return Path(importlib.util.find_spec("jieba").origin).with_name("dict.txt")


def build(source: Path, target: Path) -> None:
    """Write the dictionary `source` (lines "word frequency [tag]") to `target`, atomically. As in jieba, a
    word listed twice keeps its last frequency and the total counts every line."""
    freqs, total = {}, 0
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split(" ")[:2]
            freqs[word] = int(freq)
            total += int(freq)
    trie = marisa_trie.Trie(freqs)
    by_id = array("I", bytes(4 * len(trie)))
    for word, freq in freqs.items():
        by_id[trie[word]] = freq
    packed = trie.tobytes()
    fd, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    with os.fdopen(fd, "wb") as out:
        out.write(_HEADER.pack(total, len(packed)) + packed + by_id.tobytes())
    os.chmod(partial, 0o644)  # public words: readable by the service whichever user built it first
    os.replace(partial, target)


def _cached(source: Path) -> Path:
    """The trie of `source` in the temporary folder, built on first need (jieba caches there too).
    Built in a child process: reading the dictionary takes some 40 MB that a server should not keep."""
    stat = source.stat()
    stamp = sha1(f"{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"gongkai-words-{stamp}.bin"
    if not target.exists():
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}  # this process's way to our modules
        subprocess.run([sys.executable, "-c", _BUILD, str(source), str(target)], check=True, env=env)
    return target


class Dictionary:
    """The words and their frequencies, one copy per process for every Segmenter."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        self.total, size = _HEADER.unpack_from(data)
        self._trie = marisa_trie.Trie().frombytes(data[_HEADER.size : _HEADER.size + size])
        self._freqs = array("I")
        self._freqs.frombytes(data[_HEADER.size + size :])

    def freq(self, word: str) -> int:
        found = self._trie.get(word)
        return 0 if found is None else self._freqs[found]

    def starting(self, text: str) -> dict[int, int]:
        """The words `text` begins with: their lengths and frequencies."""
        return {len(word): self._freqs[i] for word, i in self._trie.iter_prefixes_with_ids(text)}


_shared: Dictionary | None = None
_lock = threading.Lock()


def shared_dictionary() -> Dictionary:
    global _shared
    with _lock:
        if _shared is None:
            _shared = Dictionary(_cached(jieba_dictionary()))
    return _shared


class Segmenter:
    """jieba's `cut(text, HMM=False)` over the shared dictionary plus words of our own, which count as
    if jieba.add_word(word, freq) had been called for each (jieba's total grows by every added freq)."""

    def __init__(self, dictionary: Dictionary, added: Iterable[str] = (), freq: int = 1):
        self.dictionary = dictionary
        self._added = dict.fromkeys(added, freq)
        self._lengths = sorted({len(w) for w in self._added})
        self._logtotal = log(dictionary.total + freq * len(self._added))

    def freq(self, word: str) -> int:
        """How often `word` occurs (0: not a word)."""
        return self._added.get(word) or self.dictionary.freq(word)

    def cut(self, text: str) -> Iterator[str]:
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                yield from self._cut_block(block)
                continue
            for part in _SKIP.split(block):
                yield from [part] if _SKIP.match(part) else part

    def _words(self, text: str) -> list[tuple[int, int]]:
        """(length, frequency) of each word `text` begins with; its first character alone if none."""
        found = self.dictionary.starting(text)
        found.update((n, self._added[text[:n]]) for n in self._lengths if n <= len(text) and text[:n] in self._added)
        return [(n, f) for n, f in found.items() if f] or [(1, 0)]

    def _cut_block(self, block: str) -> Iterator[str]:
        n = len(block)
        route = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            # As jieba: a word never seen counts once; the same score goes to the longer word.
            route[i] = max((log(f or 1) - self._logtotal + route[i + k][0], i + k - 1) for k, f in self._words(block[i:]))
        latin, i = "", 0
        while i < n:
            end = route[i][1] + 1
            word = block[i:end]
            if len(word) == 1 and _LATIN.match(word):
                latin += word
            else:
                if latin:
                    yield latin
                    latin = ""
                yield word
            i = end
        if latin:
            yield latin

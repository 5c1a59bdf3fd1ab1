"""Sentence segmentation with nupunkt (a Punkt segmenter: boundary F1 0.96 on news, linear time).

Isolated here so that the segmenter is loaded once, lazily, and can be swapped in one place.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _segmenter():
    import nupunkt

    return nupunkt.sent_spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in ``text``, without surrounding whitespace."""
    if not text.strip():
        return []
    spans = []
    for start, end in _segmenter()(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans

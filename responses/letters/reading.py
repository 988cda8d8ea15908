"""Turning an uploaded or given file into the letter's text, or refusing it with a clear reason.

Accepted: plain text in UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312),
and Word .docx. Refused: empty files, files over MAX_BYTES, PDF, old binary .doc, images and
anything else binary.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024  # a long reply letter is 50 KB as text, 2 MB as .docx with a letterhead image


class LetterError(ValueError):
    """The input is not a letter the importer can read; the message says why, in Chinese and English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def read_path(path: str | Path) -> str:
    """The text of the letter at `path` (refused before reading when it is too large)."""
    path = Path(path)
    if not path.is_file():
        raise LetterError("missing", f"找不到文件：{path} / no such file")
    size = path.stat().st_size
    _check_size(size)
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    return read_bytes(data, filename=path.name)


def read_upload(upload) -> str:
    """The text of an uploaded file (a Django UploadedFile or any object with .size/.read/.name)."""
    size = getattr(upload, "size", None)
    if size is not None:
        _check_size(size)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return read_bytes(data, filename=getattr(upload, "name", "") or "")


def _check_size(size: int) -> None:
    if size == 0:
        raise LetterError("empty", "文件是空的。 / The file is empty.")
    if size > MAX_BYTES:
        raise LetterError(
            "too_large",
            f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，不像一封答复函。 / "
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
        )


def read_bytes(data: bytes, *, filename: str = "") -> str:
    """The text of a letter given as bytes: .docx by content, else text in UTF-8 or GB18030."""
    _check_size(len(data))
    head = data[:8]
    if head.startswith(b"%PDF"):
        raise LetterError(
            "pdf",
            "不支持 PDF：请上传 Word（.docx）文件，或复制函件文字粘贴。 / PDF is not supported: "
            "upload the .docx or paste the text.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise LetterError(
            "doc", "不支持旧版 Word（.doc）：请另存为 .docx。 / Old Word .doc is not supported: save it as .docx."
        )
    if head.startswith(b"PK\x03\x04"):
        return _docx_text(data)
    text = _decode(data)
    if not text.strip():
        raise LetterError("empty", "文件中没有文字。 / The file holds no text.")
    return text


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise LetterError(
            "binary", "这不是文本文件（可能是图片或其他二进制文件）。 / This is not a text file (binary content)."
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > max(2, len(text) // 200):
            break
        return text
    raise LetterError(
        "binary",
        "无法识别文件编码或内容不是文字：请上传 UTF-8 / GB18030 文本或 .docx。 / "
        "Unreadable: upload UTF-8 or GB18030 text, or a .docx.",
    )


def _docx_text(data: bytes) -> str:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a deployment without the requirement
        raise LetterError("docx", "服务器未安装 python-docx，无法读取 .docx。 / python-docx is not installed.") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LetterError("docx", "无法打开该 Word 文件（不是 .docx 或已损坏）。 / Not a readable .docx file.") from exc
    except Exception as exc:  # python-docx raises its own types for a zip that is not a document
        raise LetterError("docx", "无法打开该 Word 文件（不是 .docx 或已损坏）。 / Not a readable .docx file.") from exc
    lines: list[str] = []
    # Body paragraphs and tables in document order: a letterhead is often a table.
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_run_text(child))
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = []
                for cell in row.iterchildren():
                    if cell.tag.endswith("}tc"):
                        cells.append(" ".join(_run_text(p) for p in cell.iter() if p.tag.endswith("}p")))
                lines.append("\t".join(c for c in cells if c.strip()))
    text = "\n".join(lines)
    if not text.strip():
        raise LetterError("empty", "Word 文件中没有文字。 / The .docx holds no text.")
    return text


def _run_text(paragraph) -> str:
    """A paragraph's text with its tabs and line breaks (a letterhead separates marks with tabs)."""
    parts = []
    for node in paragraph.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)

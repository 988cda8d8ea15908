"""Reading reply letters (text, GB18030 or .docx) into structured fields: plain Python, no Django.

from responses.letters import parse_letter, read_path
letter = parse_letter(read_path("reply.docx"))
letter.as_json()        # the fields of `manage.py import_letter --json`
letter.reply_fields()   # keyword arguments for responses.services.reply_record
"""

from responses.letters.parser import Letter, parse_letter
from responses.letters.reading import MAX_BYTES, LetterError, read_bytes, read_path, read_upload

__all__ = ["MAX_BYTES", "Letter", "LetterError", "parse_letter", "read_bytes", "read_path", "read_upload"]

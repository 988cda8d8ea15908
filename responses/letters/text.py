"""Cleaning letter text: spacing left by PDF extraction and web copies, page chrome, broken lines."""

from __future__ import annotations

import re
import unicodedata

# Ideographs, CJK and full-width punctuation, Chinese quotes: spaces next to these are layout.
CJK = r"\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60“”‘’…—"
SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
WIDE_GAP = re.compile(r"(?:\t| {2,})+")
SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}]) +| +(?=[{CJK}])")
MARKUP = re.compile(r"\*\*|__")

# Lines a web page wraps around a letter. Matched against a line without its spaces.
CHROME = [
    re.compile(p)
    for p in (
        r"^(当前位置|您现在的位置|你现在的位置|您的位置|你的位置|所在位置|位置)[:：]",
        r"^首页[>＞»›/|｜]",
        r"[>＞»›](政务公开|信息公开|政府信息公开|建议提案|建议提案办理|人大代表建议|政协提案|新闻|正文|公开目录)",
        r"(字体|字号)[:：]?[【\[（(]?大",
        r"^[【\[]?(打印|打印本页|关闭|关闭窗口|返回|返回顶部|收藏|分享|纠错)[】\]]?",
        r"分享到|转发到",
        r"(浏览|阅读|访问|点击)(次数|量|数)?[:：]?\d+次?$",
        r"(浏览|阅读|访问|点击)(次数|量|数)[:：]",
        r"^(发布|更新|发稿|公开|生成)(时间|日期)[:：]",
        r"^(来源|信息来源|文章来源|作者|责任编辑|编辑|审核)[:：]",
        r"^(索引号|主题分类|组配分类|体裁分类|服务对象|有效性|发布机构|信息名称|名称|关键词|主题词|公开范围)[:：]",
        r"扫一扫|在手机(上)?打开|手机(版|浏览)|二维码",
        r"^(上一篇|下一篇|相关(链接|文章|阅读|新闻|信息)|附件下载|热点推荐|推荐阅读)",
        r"(版权所有|ICP备|网站标识码|公网安备|主办单位[:：]|技术支持[:：]|网站地图|联系我们$)",
        r"^(微信|微博|QQ空间|QQ好友|朋友圈)$",
        r"^(视力保护色|无障碍|长者模式|English|登录|注册|搜索|繁体|简体|【?\s*我要纠错)",
    )
]


def clean_line(raw: str) -> str:
    """One line as the letter means it: no layout spaces, no bold markers; a wide gap becomes a tab."""
    line = INVISIBLE.sub("", SPACES.sub(" ", raw))
    line = MARKUP.sub("", line).strip()
    line = WIDE_GAP.sub("\t", line)
    return SPACE_NEAR_CJK.sub("", line).strip("\t ")


def squash(line: str) -> str:
    """A line with its tab separators dropped (for matching and for body text)."""
    parts = [p for p in line.split("\t") if p]
    out = ""
    for part in parts:
        if out and not (re.match(rf"[{CJK}]", part) or re.search(rf"[{CJK}]$", out)):
            out += " "
        out += part
    return out


def is_chrome(line: str) -> bool:
    compact = re.sub(r"\s", "", line)
    return any(pattern.search(compact) for pattern in CHROME)


def clean_lines(text: str) -> list[str]:
    """The letter's non-empty lines, cleaned (tabs kept as field separators)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (clean_line(raw) for raw in text.split("\n"))
    return [line for line in lines if line]


TERMINAL = re.compile(r"[。！？；：!?;:…][”’」』）)\"]*$")


def ends_sentence(line: str) -> bool:
    return bool(TERMINAL.search(line))

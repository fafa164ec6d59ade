"""Checks the browser tests run on pages: axe-core (WCAG 2.x A/AA) and kiosk target size."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
MIN_TARGET = 44


def inject_axe(page) -> None:
    """Load the vendored axe-core into the page (evaluate is not subject to the page's CSP)."""
    if page.evaluate("typeof window.axe") != "object":
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")


def axe_violations(page, include: str | None = None) -> list[dict]:
    """Serious and critical WCAG 2.x A/AA violations on the page as it is now."""
    inject_axe(page)
    result = page.evaluate(
        """async ([tags, include]) => {
            const context = include ? {include: [include]} : document;
            const r = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
        }""",
        [WCAG_TAGS, include],
    )
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}  {node['html']}")
    return "\n".join(lines)


def assert_accessible(page, what: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found serious/critical WCAG violations on {what or page.url}:\n{describe(violations)}"


SMALL_TARGETS_JS = """(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [role=link], [role=tab], [role=menuitem], [role=option], [role=radio], '
    + '[role=checkbox], [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const r = el.getBoundingClientRect();
    // Visually-hidden helpers (skip links until focused) are 1 px boxes: not a target yet.
    return r.width > 1 && r.height > 1;
  };
  const box = (el) => {
    // A checkbox or radio is operated through its label: the label is the target.
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) {
        const a = el.getBoundingClientRect(), b = label.getBoundingClientRect();
        return {width: Math.max(a.right, b.right) - Math.min(a.left, b.left),
                height: Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top)};
      }
    }
    return el.getBoundingClientRect();
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el)) continue;
    const r = box(el);
    if (r.width + 0.5 < minimum || r.height + 0.5 < minimum) {
      small.push({html: el.outerHTML.slice(0, 160), width: Math.round(r.width), height: Math.round(r.height)});
    }
  }
  return small;
}"""


def small_targets(page, minimum: int = MIN_TARGET) -> list[dict]:
    """Visible interactive elements smaller than minimum x minimum CSS px."""
    return page.evaluate(SMALL_TARGETS_JS, minimum)


def assert_targets_at_least(page, minimum: int = MIN_TARGET, what: str = "") -> None:
    small = small_targets(page, minimum)
    assert not small, f"touch targets smaller than {minimum}x{minimum} CSS px on {what or page.url}:\n" + "\n".join(
        f"    {s['width']}x{s['height']}  {s['html']}" for s in small
    )


# ---------------------------------------------------------------------------- language


def english_msgids(min_words: int = 2) -> set[str]:
    """English message ids that Indonesian translates differently: seeing one on an
    Indonesian page means a string was left untranslated (or never marked for translation)."""
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent.parent / "mpp_lite"
    found: set[str] = set()
    for po in root.glob("**/translations/id/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or isinstance(message.id, tuple) or "%" in message.id:
                continue
            text = message.id.strip()
            if len(text.split()) >= min_words and message.string and message.string.strip() != text:
                found.add(text)
    return found


KNOWN_ENGLISH = (
    "Search for a service",
    "Staff sign in",
    "Skip to content",
    "Download the service standard",
    "Requirements",
    "Service time",
    "Sign in",
    "Password",
)


def english_on_page(page, extra: tuple[str, ...] = KNOWN_ENGLISH) -> list[str]:
    """English UI strings visible on the page (innerText plus labels that are only announced)."""
    text = page.evaluate("""() => {
        const parts = [document.body.innerText, document.title];
        for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
            for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
                if (el.getAttribute(a)) parts.push(el.getAttribute(a));
            }
        }
        return parts.join('\\n');
    }""")
    candidates = set(english_msgids()) | set(extra)
    return sorted(s for s in candidates if s in text)

"""The command palette (ctrl+p): every action of the registry, and "go to organisation"
by name or code (accents optional)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import REGISTRY, specs
from tui.collate import fold
from tui.i18n import tr

if TYPE_CHECKING:
    from models.tree import OrgInfo


class ActionsProvider(Provider):
    """The actions that make sense on the current screen."""

    def _specs(self):  # type: ignore[no-untyped-def]
        screen = self.screen
        scopes = getattr(screen, "all_scopes", lambda: ("global",))()
        allows = getattr(screen, "allows", lambda _spec: True)
        found = specs(scopes) if scopes else list(REGISTRY)
        return [s for s in found if s.palette and allows(s)]

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action, self.screen)

    async def discover(self) -> Hits:
        for spec in self._specs():
            # No help line: the id (``app.quit``) means nothing to a reader; the key is in the text.
            yield DiscoveryHit(f"{spec.describe()} ({spec.display})", partial(self._run, spec.action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._specs():
            text = f"{spec.describe()} ({spec.display})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, spec.action))


class OrgProvider(Provider):
    """Go to any organisation in the user's scope, by name or code."""

    async def startup(self) -> None:
        # Loaded in a task of its own, which every search waits on shielded: Textual cancels a
        # search when the next key comes, and a search waiting on the provider's startup took
        # the startup down with it. At country scale the index takes seconds to load, so
        # typing at once left the palette without organisations.
        self._orgs = asyncio.create_task(self._load())

    async def _load(self) -> list[tuple[OrgInfo, tuple[str, ...], str]]:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            orgs = await asyncio.to_thread(store.org_index)
            former = await asyncio.to_thread(store.org_former_names)
            # Folded once, not at every key: at country scale they are 300,000. Every name an
            # organisation bore finds it (a hamlet cell by the name of its old commune too).
            return await asyncio.to_thread(lambda: [
                (org, tuple(fold(n) for n in (org.name, *former.get(org.id, ()))), fold(org.code)) for org in orgs
            ])
        except Exception as exc:  # noqa: BLE001 - shown to the user, the palette still works
            self.app.report_error(exc)  # type: ignore[attr-defined]
            return []

    async def search(self, query: str) -> Hits:
        needle = fold(query)
        if not needle:
            return
        orgs = await asyncio.shield(self._orgs)
        matcher = self.matcher(query)
        for org, names, code in orgs:
            name: str | None = names[0]
            if needle not in names[0]:
                # A former name (few organisations have one), else the code.
                name = next((n for n in names[1:] if needle in n), None)
                if name is None and needle in code:
                    name = names[0]
            if name is not None:
                text = tr("palette.goto", name=org.name, code=org.code)
                # The tightest match first: "binh khanh" finds the commune before its hamlets.
                score = len(needle) / max(len(name), len(needle))
                yield Hit(score, matcher.highlight(text), partial(self.app.goto_org, org), help=tr("palette.goto_help"))  # type: ignore[attr-defined]

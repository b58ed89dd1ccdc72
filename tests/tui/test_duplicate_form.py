"""The dashboard's admission form refuses an admission already recorded (issue 14, finding
12), next to the name, as the command line and the import do."""

from __future__ import annotations

from textual.widgets import Select

from tests.tui.helpers import settle
from tests.tui.test_forms import choose, counts, error_at, submit
from tui.screens.forms import FormScreen


async def test_the_form_refuses_an_admission_recorded_already(engine, users, make_app):
    """The tree's cell X1-A admitted Trần Thị Lan, born 02/05/1999, on 26/03/2022."""
    app = make_app(login="sec")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        before = counts(engine)
        form = await choose(pilot, "Kết nạp đảng viên")
        form.query_one("#field-sex", Select).value = "female"
        await submit(pilot, "ctrl+s", full_name="Trần  thị Lan", birth_date="02/05/1999", date="26/03/2022", ethnicity="Kinh")
        assert isinstance(app.screen, FormScreen)
        message = error_at(pilot, "full_name")
        assert "không ghi lần thứ hai" in message and "X1-A" in message
        assert counts(engine) == before

"""``taskforce run --display xr`` comfort flags: parsed into ``XrOptions``, a wrong value is
one ``error CLI003`` line and exit 2, before anything opens."""

from __future__ import annotations

import pytest

from engine.cli import EXIT_USAGE, build_parser, headset_options, main
from engine.present.xr.opened import XrOptions, comfort_options

SCENARIO = "scenarios/container-search"


def parsed(*flags: str) -> XrOptions | None:
    return headset_options(build_parser().parse_args(["run", SCENARIO, *flags]))


def test_no_comfort_flags_leave_the_defaults_to_the_presenter() -> None:
    assert parsed("--display", "xr") is None


def test_every_flag_feeds_xr_options() -> None:
    options = parsed("--display", "xr", "--snap-turn", "45", "--seated", "--eye-height", "1.2",
                     "--xr-scale", "0.75")
    assert options == XrOptions(render_scale=0.75, snap_degrees=45.0, seated=True,
                                eye_height=1.2)


def test_flags_left_out_keep_their_defaults() -> None:
    assert parsed("--snap-turn", "90") == XrOptions(snap_degrees=90.0)  # auto may pick a headset
    assert parsed("--display", "xr", "--seated") == XrOptions(seated=True)


@pytest.mark.parametrize(("flags", "words"), [
    (["--snap-turn", "20"], "--snap-turn wants one of 15, 30, 45, 90 (degrees), not 20"),
    (["--snap-turn", "right"], "--snap-turn wants one of 15, 30, 45, 90 (degrees), not 'right'"),
    (["--eye-height", "3"], "--eye-height wants metres from 1.0 to 2.2, not 3"),
    (["--eye-height", "nan"], "--eye-height wants metres from 1.0 to 2.2, not 'nan'"),
    (["--xr-scale", "0"], "--xr-scale wants a factor from 0.25 to 2.0"),
    (["--xr-scale", "big"], "--xr-scale wants a factor from 0.25 to 2.0, not 'big'"),
])
def test_a_wrong_value_is_one_coded_line_and_a_usage_exit(
        flags: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SCENARIO, "--display", "xr", *flags]) == EXIT_USAGE
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith(f"error CLI003: {words}")


def test_comfort_flags_without_a_headset_display_are_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SCENARIO, "--display", "desktop", "--seated"]) == EXIT_USAGE
    assert capsys.readouterr().out == ("error CLI003: --seated is a headset setting: use it with "
                                       "--display xr (or auto), not --display desktop\n")


def test_comfort_options_takes_each_snap_choice() -> None:
    assert [comfort_options(str(d)).snap_degrees for d in (15, 30, 45, 90)] == [15, 30, 45, 90]

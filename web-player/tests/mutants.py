"""Seeing the tests fail: each mutant removes one feature from a copy of one player module, served instead of
the real one (conftest PLAYER_MUTANTS), and the test that checks the feature must then fail.
Run by `PLAYER_CHECK_MUTANTS=1 infra/tests/player.sh` (after the suite passed), with its environment."""
import os
import shutil
import subprocess
import sys
import tempfile

JS = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "web-player", "js")

MUTANTS = [  # name, module, text replaced, replacement, the test that must fail
    ("no adaptive bitrate", "player/abr.js", "const ladder = [", "return currentKbps; const ladder = [",
     "test_down_to_128_when_throttled"),
    ("no URL refresh after a 403", "player/network.js", "if (response === null || response.status === 403) {",
     "if (false) {", "test_expired_url_is_refreshed"),
    ("no offline queue (an event that failed to send is dropped)", "playevents.js", "else this.later();",
     "else await this.done([], [events[0].event_id]);", "test_offline_play_is_sent_once"),
    ("the event sent at 10 s of media", "player/engine.js", "export const PLAY_EVENT_AFTER_S = 30;",
     "export const PLAY_EVENT_AFTER_S = 10;", "test_event_after_30_s_of_media"),
    ("a skipped play reported anyway", "player/engine.js", "  stop() {\n",
     "  stop() {\n    if (this.play_ && !this.play_.eventSent) { this.play_.playedS = PLAY_EVENT_AFTER_S; this.countPlayed(); }\n",
     "test_event_after_30_s_of_media"),
    ("no reapply on a version conflict", "ui/playlists.js", "await load();\n      if (!stillApplies(playlist)) {",
     "showError(e); await refresh(); return;\n      if (!stillApplies(playlist)) {", "test_two_listeners_edit"),
    ("a switch appended from the new rendition's first frame", "player/engine.js", "start = frameNear(bytes, expected);",
     "start = frameNear(bytes, 0);", "test_down_to_128_when_throttled"),
]


def main():
    failed_to_fail = []
    only = os.environ.get("PLAYER_MUTANT", "")  # a part of one mutant's name: that one alone
    for name, module, old, new, test in MUTANTS:
        if only and only not in name:
            continue
        source = open(os.path.join(JS, module)).read()
        assert old in source, f"mutant '{name}': the text to replace is not in {module} any more"
        folder = tempfile.mkdtemp(prefix="player-mutant-")
        try:
            os.makedirs(os.path.dirname(os.path.join(folder, module)), exist_ok=True)
            with open(os.path.join(folder, module), "w") as f:
                f.write(source.replace(old, new, 1))
            rc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-k", test,
                                 os.path.dirname(__file__)], env={**os.environ, "PLAYER_MUTANTS": folder},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        finally:
            shutil.rmtree(folder)
        print(f"  {'ok  ' if rc == 1 else 'FAIL'}  {name}: {test} {'failed' if rc == 1 else f'exit {rc}'}")
        if rc != 1:
            failed_to_fail.append(name)
    if failed_to_fail:
        sys.exit(f"mutants the tests did not catch: {failed_to_fail}")


if __name__ == "__main__":
    main()

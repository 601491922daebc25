"""Text-to-speech for bulletins, offline. An engine turns text into audio bytes:

    engine.synthesize(text) -> (bytes, mime)

``settings.TTS_ENGINE`` picks it: "espeak" (default, Debian's espeak-ng with its Vietnamese voice) or
the dotted path of a class with that method (a better voice can be plugged in without touching this
app). espeak-ng writes WAV; when ffmpeg or lame is installed the WAV is turned into MP3, which smart
loudspeakers take and which is a tenth of the size.
"""

import shutil
import subprocess

from django.conf import settings
from django.utils.module_loading import import_string


class SynthesisFailed(RuntimeError):
    pass


class EspeakEngine:
    voice = "vi"
    words_per_minute = 150  # espeak-ng's -s; slower than its default 175, clearer over loudspeakers
    timeout = 600

    def available(self) -> bool:
        return shutil.which("espeak-ng") is not None

    def synthesize(self, text: str) -> tuple[bytes, str]:
        if not self.available():
            raise SynthesisFailed("Máy chủ chưa cài espeak-ng (apt-get install espeak-ng).")
        wav = self._run(["espeak-ng", "-v", self.voice, "-s", str(self.words_per_minute), "--stdout"], text.encode())
        if shutil.which("ffmpeg"):
            return self._run(["ffmpeg", "-loglevel", "error", "-i", "pipe:0", "-f", "mp3", "-q:a", "5",
                              "pipe:1"], wav), "audio/mpeg"
        if shutil.which("lame"):
            return self._run(["lame", "--quiet", "-V", "5", "-", "-"], wav), "audio/mpeg"
        return wav, "audio/wav"

    def _run(self, command: list[str], data: bytes) -> bytes:
        try:
            done = subprocess.run(command, input=data, capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SynthesisFailed(f"{command[0]} chạy quá lâu.") from exc
        if done.returncode != 0 or not done.stdout:
            raise SynthesisFailed(f"{command[0]} lỗi: {done.stderr.decode(errors='replace')[:200]}")
        return done.stdout


ENGINES = {"espeak": EspeakEngine}
EXTENSIONS = {"audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg"}


def get_engine():
    name = getattr(settings, "TTS_ENGINE", "espeak") or "espeak"
    engine_class = ENGINES.get(name) or import_string(name)
    return engine_class()

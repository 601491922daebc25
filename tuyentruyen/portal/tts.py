"""Text-to-speech for bulletins, offline. An engine turns text into audio bytes:

    engine.synthesize(text) -> (bytes, mime)

``settings.TTS_ENGINE`` picks it: "espeak" (default, Debian's espeak-ng with its Vietnamese voice) or
the dotted path of a class with that method (a better voice can be plugged in without touching this
app). espeak-ng writes WAV; when ffmpeg or lame is installed the WAV is turned into MP3 at 64 kbit/s
mono (plenty for a voice over loudspeaker horns and phones, about 0.5 MB a minute), which smart loudspeakers
take. ``synthesize(text, mp3=False)`` keeps the WAV where a station asks for it.

espeak-ng writing to a pipe cannot seek back, so its WAV header claims 0x7FFFF000 bytes (a streaming
placeholder) and players read no or a wrong duration; ``fix_wav_header`` rewrites the sizes.
"""

import shutil
import struct
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

    def synthesize(self, text: str, mp3: bool = True) -> tuple[bytes, str]:
        if not self.available():
            raise SynthesisFailed("Máy chủ chưa cài espeak-ng (apt-get install espeak-ng).")
        wav = fix_wav_header(self._run(["espeak-ng", "-v", self.voice, "-s", str(self.words_per_minute),
                                        "--stdout"], text.encode()))
        encoder = mp3_encoder() if mp3 else None
        if encoder == "lame":
            return self._run(["lame", "--quiet", "-m", "m", "--cbr", "-b", str(MP3_KBPS), "-", "-"],
                             wav), "audio/mpeg"
        if encoder == "ffmpeg":
            return self._run(["ffmpeg", "-loglevel", "error", "-i", "pipe:0", "-ac", "1", "-f", "mp3",
                              "-b:a", f"{MP3_KBPS}k", "pipe:1"], wav), "audio/mpeg"
        return wav, "audio/wav"

    def _run(self, command: list[str], data: bytes) -> bytes:
        try:
            done = subprocess.run(command, input=data, capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SynthesisFailed(f"{command[0]} chạy quá lâu.") from exc
        if done.returncode != 0 or not done.stdout:
            raise SynthesisFailed(f"{command[0]} lỗi: {done.stderr.decode(errors='replace')[:200]}")
        return done.stdout


MP3_KBPS = 64


def mp3_encoder() -> str | None:
    """lame first: it writes a Xing/LAME header with the frame count, so players know the duration at once."""
    for name in ("lame", "ffmpeg"):
        if shutil.which(name):
            return name
    return None


def fix_wav_header(wav: bytes) -> bytes:
    """Rewrite the RIFF and data chunk sizes from the bytes actually there. Anything that is not a RIFF
    WAVE file is returned unchanged."""
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        return wav
    out = bytearray(wav)
    position = 12
    while position + 8 <= len(out):
        chunk, size = out[position:position + 4], struct.unpack_from("<I", out, position + 4)[0]
        if chunk == b"data":
            struct.pack_into("<I", out, position + 4, len(out) - position - 8)
            break
        position += 8 + size + (size & 1)
    struct.pack_into("<I", out, 4, len(out) - 8)
    return bytes(out)


def wav_duration(wav: bytes) -> float:
    """Seconds of a PCM WAV file, from its fmt chunk's byte rate and its data chunk's size."""
    position, byte_rate = 12, 0
    while position + 8 <= len(wav):
        chunk, size = wav[position:position + 4], struct.unpack_from("<I", wav, position + 4)[0]
        if chunk == b"fmt ":
            byte_rate = struct.unpack_from("<I", wav, position + 16)[0]
        elif chunk == b"data":
            return size / byte_rate if byte_rate else 0.0
        position += 8 + size + (size & 1)
    return 0.0


ENGINES = {"espeak": EspeakEngine}
EXTENSIONS = {"audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg"}


def get_engine():
    name = getattr(settings, "TTS_ENGINE", "espeak") or "espeak"
    engine_class = ENGINES.get(name) or import_string(name)
    return engine_class()

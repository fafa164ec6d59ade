"""Generate the display board's Indonesian voice clips and chime into static/audio/.

    apt-get install -y espeak-ng          (Windows: install eSpeak NG and put it on PATH)
    python3 scripts/make_voice_clips.py [--voice id] [--speed 140] [--out static/audio]

Each word, digit and letter the announcement builder (mpp_lite/queue/announce.py) can name is
spoken by espeak-ng's Indonesian voice (an mbrola Indonesian voice is used when installed and
asked for with --voice mb-id1), trimmed of silence and normalised, so the browser can join them
without gaps: "Nomor antrean A nol nol satu, silakan menuju loket tiga". The chime is synthesised
here in Python. The clips are committed: a site needs neither espeak nor internet to announce.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mpp_lite.queue.announce import CHIME, all_clips  # noqa: E402

RATE = 22050


def read_wav(path: Path) -> tuple[array.array, int]:
    with wave.open(str(path), "rb") as source:
        if source.getsampwidth() != 2 or source.getnchannels() != 1:
            raise SystemExit(f"{path}: expected 16-bit mono audio from espeak-ng")
        samples = array.array("h", source.readframes(source.getnframes()))
        return samples, source.getframerate()


def write_wav(path: Path, samples: array.array, rate: int) -> None:
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(rate)
        target.writeframes(samples.tobytes())


def trim_and_normalise(samples: array.array, rate: int, pad_ms: int = 25, peak: float = 0.85) -> array.array:
    threshold = max(300, int(max((abs(s) for s in samples), default=0) * 0.04))
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return samples
    pad = rate * pad_ms // 1000
    start, end = max(0, loud[0] - pad), min(len(samples), loud[-1] + pad)
    part = samples[start:end]
    top = max(abs(s) for s in part) or 1
    gain = peak * 32767 / top
    return array.array("h", (max(-32767, min(32767, int(s * gain))) for s in part))


def speak(text: str, voice: str, speed: int, pitch: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text],
            check=True,
            capture_output=True,
        )
        samples, rate = read_wav(raw)
    write_wav(target, trim_and_normalise(samples, rate), rate)


def chime(target: Path, rate: int = RATE) -> None:
    """A soft two-tone "ding-dong" (E6 then C6) with bell-like partials and a smooth decay."""
    notes = ((1318.5, 0.0), (1046.5, 0.42))
    length = int(rate * 1.45)
    out = [0.0] * length
    for frequency, offset in notes:
        begin = int(offset * rate)
        for i in range(length - begin):
            t = i / rate
            envelope = min(1.0, t / 0.008) * math.exp(-3.2 * t)
            tone = (
                math.sin(2 * math.pi * frequency * t)
                + 0.35 * math.sin(2 * math.pi * frequency * 2.01 * t)
                + 0.12 * math.sin(2 * math.pi * frequency * 3.02 * t)
            )
            out[begin + i] += envelope * tone
    top = max(abs(v) for v in out) or 1
    samples = array.array("h", (int(v / top * 0.7 * 32767) for v in out))
    write_wav(target, samples, rate)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", default="id", help="espeak-ng voice (default: id; e.g. mb-id1 with mbrola)")
    parser.add_argument("--speed", type=int, default=135, help="words per minute (default 135: calm and clear)")
    parser.add_argument("--pitch", type=int, default=45)
    parser.add_argument("--out", type=Path, default=ROOT / "static" / "audio")
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed: apt-get install -y espeak-ng (or install eSpeak NG on Windows).")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    chime(args.out / f"{CHIME}.wav")
    clips = all_clips()
    for name, text in sorted(clips.items()):
        speak(text, args.voice, args.speed, args.pitch, args.out / f"{name}.wav")
    print(f"{len(clips) + 1} clips written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The browser tests' own catalog (pipelines/README.md, format harmonia-catalog/1): one artist, one album of
three songs and a single, 45 s to 150 s long, so that a play can honestly reach 30 s and a bitrate switch
happens mid-song. The masters are generated music (a seeded melody of sine notes over a drone, by ffmpeg's
aevalsrc), deterministic: ingesting the catalog again finds every song unchanged and encodes nothing.

usage: make_catalog.py <dir>   (writes <dir>/catalog.json and <dir>/masters/*.wav; prints catalog.json)
"""
import json
import os
import subprocess
import sys

ARTIST = {"artist_id": "wp-ar-1", "name": "Quillon Vesper"}
ALBUM = {"album_id": "wp-al-1", "artist_id": "wp-ar-1", "title": "Lanterns of Marigold", "release_year": 2025}
SONGS = [  # id, title, seconds, base note (Hz), album track or None for a single
    ("wp-so-1", "Velvet Harbour", 150, 220.0, 1),
    ("wp-so-2", "Copper Meadow", 100, 196.0, 2),
    ("wp-so-3", "Saffron Tide", 100, 246.9, 3),
    ("wp-so-4", "Juniper Static", 45, 261.6, None),
]


def melody(base, seed):
    # eight-note phrases: the note changes every 0.4 s along a pentatonic walk that depends on the seed
    steps = [0, 2, 4, 7, 9, 12, 9, 7]
    steps = steps[seed % 8:] + steps[:seed % 8]
    note = "+".join(f"{s}*eq(mod(floor(t/0.4),8),{i})" for i, s in enumerate(steps))
    freq = f"{base}*pow(2,({note})/12)"
    env = "(0.6+0.4*cos(2*PI*t/0.4))"
    return f"0.25*{env}*sin(2*PI*{freq}*t)+0.1*sin(2*PI*{base / 2}*t)"


def write(out):
    os.makedirs(os.path.join(out, "masters"), exist_ok=True)
    songs = []
    for i, (song_id, title, seconds, base, track) in enumerate(SONGS):
        master = f"masters/{song_id}.wav"
        path = os.path.join(out, master)
        if not os.path.exists(path):
            tmp = path + ".part.wav"
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                            f"aevalsrc=exprs='{melody(base, i)}':s=44100:d={seconds}", "-ac", "2",
                            "-c:a", "pcm_s16le", "-bitexact", tmp], check=True)
            os.replace(tmp, path)
        entry = {"song_id": song_id, "title": title, "artist_id": ARTIST["artist_id"], "genre": "ambient",
                 "release_year": 2025, "master": master}
        if track:
            entry.update(album_id=ALBUM["album_id"], track_number=track)
        songs.append(entry)
    catalog = {"format": "harmonia-catalog/1", "artists": [ARTIST], "albums": [ALBUM], "songs": songs}
    with open(os.path.join(out, "catalog.json"), "w") as f:
        json.dump(catalog, f, indent=2)
    return catalog


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(write(sys.argv[1])))

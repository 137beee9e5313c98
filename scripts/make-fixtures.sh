#!/bin/sh
# Regenerates the committed audio fixtures shared by the server tests and the widget's browser tests
# (server/test/support/fixtures.ts names them). Run it only when the phrase changes: the WAVs are committed so
# tests need neither tool, and the local recognizer's tests check they still decode.
#   usage: scripts/make-fixtures.sh [output-dir]      (default: widget/test/fixtures)
# Needs Debian's espeak-ng and sox (apt-get install espeak-ng sox).
set -eu

out=${1:-"$(dirname "$0")/../widget/test/fixtures"}
phrase='i would like to talk to sales about a new plan'

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-fixtures: $tool not found (apt-get install $tool)" >&2; exit 1; }
done
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# espeak-ng speaks at 22.05 kHz; the widget captures and the recognizer decodes 16 kHz mono 16-bit.
# -D: no dither, so the same phrase always gives the same bytes (and silence stays digital zero).
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" "$phrase"
# 0.3 s before the speech and 1.5 s after it, so a voice-activity detector sees a start and an end.
sox -D "$tmp/speech.wav" -r 16000 -c 1 -b 16 "$out/speech.wav" pad 0.3 1.5
sox -D -n -r 16000 -c 1 -b 16 "$out/silence.wav" trim 0 3
# The same speech backwards: voice-like sound that says nothing, which the recognizer must refuse.
sox -D "$out/speech.wav" "$out/reversed.wav" reverse
# A request for a person, with 3 s after it: the fake microphone loops its file, and a customer who has asked
# waits for the answer rather than asking again at once (e2e/console-handover.test.mjs).
espeak-ng -v en-us -s 150 -w "$tmp/human.wav" 'i want to talk to a human'
sox -D "$tmp/human.wav" -r 16000 -c 1 -b 16 "$out/human.wav" pad 0.3 3

for f in speech.wav silence.wav reversed.wav human.wav; do
  echo "wrote $out/$f ($(wc -c <"$out/$f") bytes)"
done

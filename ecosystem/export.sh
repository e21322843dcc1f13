#!/usr/bin/env bash
# Re-exports the five pinned ecosystem repositories (see ecosystem/REPOS.md) into TREES/<owner>__<name>/.
#
# usage: ecosystem/export.sh TREES [MIRRORS]
#   MIRRORS holds one bare git directory per repository at MIRRORS/<owner>+<name>/repo (default /work/.mirror),
#   as the session's snapshot tool leaves them; any clone that has the pinned commit works if you lay it out so.
#
# The trees are not part of this repository and CI is offline: ecosystem/score.mjs is a measurement to run
# by hand while changing rules, never a test. Files whose blobs a snapshot lacks (large binaries, LFS) and the
# large files listed under SKIP are left out; no rule reads them.
set -euo pipefail
TREES=${1:?usage: export.sh TREES [MIRRORS]}
MIRRORS=${2:-/work/.mirror}

# owner/name commit
PINS="
FaridSoroush/Machine_Learning_Inference_Serivce afb59ddca06e33a925ab0f1d1e217fb21127397f
InfuseAI/model-deployment-examples ee5326f33914faad44d3c58663f45cf55b7f6250
triton-inference-server/tutorials e84895253165a887db5e25cd69d24def7a90b1ee
zylon-ai/private-gpt ab89a0d67bf6a30481081bdc7c487b484d82f91b
ChatGPTNextWeb/NextChat 706a18b95b714ab29b2a4842d3b9ff4f887935d5
"
# Files over ~1 MB that no rule reads (images, model weights); keeps each tree small.
SKIP_RE='\.(png|jpe?g|gif|webp|ico|mp4|mp3|wav|xcf|pdf|h5|Rds|pb|onnx|pt|bin|safetensors|woff2?|ttf)$|variables/variables\.'

mkdir -p "$TREES"
echo "$PINS" | while read -r repo commit; do
  [ -n "$repo" ] || continue
  gitdir="$MIRRORS/${repo/\//+}/repo"
  out="$TREES/${repo/\//__}"
  if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "missing $repo@$commit in $gitdir (bring the repository onto this machine first)" >&2
    exit 1
  fi
  rm -rf "$out"; mkdir -p "$out"
  n=0; skipped=0
  # mode type sha<TAB>path; regular files and executables only (no submodules, symlinks kept as files are rare here)
  while IFS=$'\t' read -r meta path; do
    set -- $meta
    mode=$1; type=$2; sha=$3
    [ "$type" = blob ] || continue
    if [[ "$path" =~ $SKIP_RE ]] || ! git --git-dir="$gitdir" cat-file -e "$sha" 2>/dev/null; then
      skipped=$((skipped + 1)); continue
    fi
    mkdir -p "$out/$(dirname "$path")"
    if [ "$mode" = 120000 ]; then
      ln -s "$(git --git-dir="$gitdir" cat-file blob "$sha")" "$out/$path"
    else
      git --git-dir="$gitdir" cat-file blob "$sha" > "$out/$path"
      [ "$mode" = 100755 ] && chmod +x "$out/$path"
    fi
    n=$((n + 1))
  done < <(git --git-dir="$gitdir" ls-tree -r "$commit")
  echo "$repo@${commit:0:12}: $n files, $skipped left out -> $out ($(du -sh "$out" | cut -f1))"
done

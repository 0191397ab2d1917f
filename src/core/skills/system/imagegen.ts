import type { SystemSkillFile } from "./files.js";

/** The `imagegen` system skill (our own text), installed under `$CODEX_HOME/skills/.system/imagegen`. */
export const imagegenSkill: readonly SystemSkillFile[] = [
  { path: `imagegen/SKILL.md`, content: `---
name: "imagegen"
description: "Create or edit bitmap images with an image model when the work needs a raster asset: photos, illustrations, textures, sprites, product or UI mockups, cut-outs on a transparent background. Use it to make a new image, change an existing one, or produce variations from reference pictures. Skip it when the result is better made as SVG or other vector art, as code (HTML, CSS, canvas), or by extending an icon or logo set the project already has."
---

# Image generation

Produces or edits images for the current project: website and app artwork, game assets,
mockups and wireframes, logos, realistic photos, diagrams rendered as pictures.

## Before generating
1. Pin down what the image is for, where it will be used and its size and aspect ratio.
   Ask only when the answer changes the result; otherwise pick sensible defaults and say so.
2. Look at the project for an existing style (colours, fonts, other images) and follow it.
3. Decide where the file goes (an \`assets/\`, \`public/\` or \`images/\` folder when the project
   has one) and its format: PNG for transparency and sharp edges, JPEG or WebP for photos.

## Generating
Use \`scripts/image_gen.py\` (Python 3, standard library only). It calls the OpenAI Images API
with the key in \`OPENAI_API_KEY\` and writes the decoded image files:

\`\`\`bash
python3 scripts/image_gen.py generate --prompt "..." --size 1024x1024 --out assets/hero.png
python3 scripts/image_gen.py edit --image input.png --prompt "..." --out assets/hero-v2.png
python3 scripts/image_gen.py generate --prompt "..." --n 3 --out assets/variant.png
\`\`\`

Options: \`--model\` (default \`gpt-image-1\`), \`--size\` (\`1024x1024\`, \`1536x1024\`,
\`1024x1536\` or \`auto\`), \`--quality\` (\`low\`, \`medium\`, \`high\`, \`auto\`), \`--background
transparent\` for cut-outs, \`--mask\` (edit only) to limit the change to the mask's transparent
area. With \`--n\` above 1 the files get \`-1\`, \`-2\`, ... before the extension.

The script needs network access; in a sandbox without it, ask for approval to run it with
network, or tell the user what to run.

## Writing the prompt
- Start with the subject and the use ("hero banner for a bakery website"), then style,
  composition, lighting, colour palette and what must not appear.
- Put exact text that must appear in the image in quotes, and keep it short.
- For edits, say what changes and what must stay as it is.
- Iterate: look at the result, then adjust one thing at a time.

## Afterwards
- Open or describe the result and check it against the request (size, subject, text).
- Report the files written and the prompt used, so the user can ask for variations.
- Never overwrite an existing asset without saying so; write a new file unless asked.
` },
  { path: `imagegen/agents/openai.yaml`, content: `interface:
  display_name: "Image Gen"
  short_description: "Make or edit images for sites, apps, games and mockups"
  icon_small: "./assets/imagegen-small.svg"
  icon_large: "./assets/imagegen.svg"
  default_prompt: "Use $imagegen to create or edit an image for this project."
` },
  { path: `imagegen/assets/imagegen-small.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#7c3aed"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="13" fill="#fff">IG</text></svg>
` },
  { path: `imagegen/assets/imagegen.svg`, content: `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="25" fill="#7c3aed"/><text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="54" fill="#fff">IG</text></svg>
` },
  { path: `imagegen/scripts/image_gen.py`, content: `#!/usr/bin/env python3
"""Generate or edit images with the OpenAI Images API (standard library only)."""
import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

API_BASE = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")


def post_json(path, payload, key):
    request = urllib.request.Request(
        f"{API_BASE}{path}",
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    return send(request)


def post_multipart(path, fields, files, key):
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, value in fields.items():
        body += f"--{boundary}\\r\\nContent-Disposition: form-data; name=\\"{name}\\"\\r\\n\\r\\n{value}\\r\\n".encode()
    for name, file_path in files:
        with open(file_path, "rb") as handle:
            data = handle.read()
        filename = os.path.basename(file_path)
        body += (
            f"--{boundary}\\r\\nContent-Disposition: form-data; name=\\"{name}\\"; filename=\\"{filename}\\"\\r\\n"
            f"Content-Type: image/png\\r\\n\\r\\n"
        ).encode()
        body += data + b"\\r\\n"
    body += f"--{boundary}--\\r\\n".encode()
    request = urllib.request.Request(
        f"{API_BASE}{path}",
        data=bytes(body),
        headers={"Authorization": f"Bearer {key}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    return send(request)


def send(request):
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        sys.exit(f"image request failed ({error.code}): {error.read().decode(errors='replace')}")
    except urllib.error.URLError as error:
        sys.exit(f"image request failed: {error.reason} (is the network available?)")


def output_paths(out, count):
    if count == 1:
        return [out]
    stem, ext = os.path.splitext(out)
    return [f"{stem}-{index}{ext}" for index in range(1, count + 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["generate", "edit"])
    parser.add_argument("--prompt", required=True)
    parser.add_argument("--out", required=True, help="file to write (numbered when --n > 1)")
    parser.add_argument("--model", default="gpt-image-1")
    parser.add_argument("--size", default="auto")
    parser.add_argument("--quality", default="auto")
    parser.add_argument("--background", default=None, help="transparent, opaque or auto")
    parser.add_argument("--n", type=int, default=1)
    parser.add_argument("--image", action="append", default=[], help="input image (edit; repeatable)")
    parser.add_argument("--mask", default=None, help="mask image (edit)")
    args = parser.parse_args()

    key = os.environ.get("OPENAI_API_KEY")
    if not key:
        sys.exit("OPENAI_API_KEY is not set")
    options = {"model": args.model, "prompt": args.prompt, "size": args.size, "quality": args.quality, "n": args.n}
    if args.background:
        options["background"] = args.background
    if args.mode == "generate":
        result = post_json("/images/generations", options, key)
    else:
        if not args.image:
            sys.exit("edit needs at least one --image")
        files = [("image[]", path) for path in args.image]
        if args.mask:
            files.append(("mask", args.mask))
        result = post_multipart("/images/edits", {k: str(v) for k, v in options.items()}, files, key)

    images = [entry.get("b64_json") for entry in result.get("data", []) if entry.get("b64_json")]
    if not images:
        sys.exit(f"no image in the response: {json.dumps(result)[:500]}")
    for path, encoded in zip(output_paths(args.out, len(images)), images):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(encoded))
        print(path)


if __name__ == "__main__":
    main()
` },
];

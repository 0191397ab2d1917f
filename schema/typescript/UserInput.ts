// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ImageDetail } from "./ImageDetail";
import type { TextElement } from "./TextElement";

export type UserInput = {
  type: "text";
  text: string;
  text_elements?: Array<TextElement>;
} | {
  type: "image";
  url?: string;
  fileId?: string;
  detail?: ImageDetail | null;
} | {
  type: "localImage";
  path: string;
  detail?: ImageDetail | null;
} | {
  type: "audio";
  url?: string;
  fileId?: string;
} | {
  type: "localAudio";
  path: string;
} | {
  type: "skill";
  name: string;
  path: string;
} | {
  type: "mention";
  name: string;
  path: string;
};

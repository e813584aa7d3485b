// Types of the two font packages that ship none (only what src/render/fonts.ts calls).
declare module 'subset-font' {
  /** A subset of `font` (TrueType/OpenType/WOFF/WOFF2) holding the glyphs of `text`. */
  function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2' }): Promise<Buffer>;
  export default subsetFont;
}
declare module 'fontverter' {
  /** Convert a font between sfnt (truetype), woff and woff2. */
  export function convert(font: Buffer, to: 'sfnt' | 'truetype' | 'woff' | 'woff2', from?: string): Promise<Buffer>;
}

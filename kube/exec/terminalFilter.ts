/**
 * What a container writes to a terminal, made safe to show in the user's terminal. A shell needs
 * the control sequences that colour text and move the cursor (CSI, and the short ESC ones), so
 * they pass; the string sequences that reach beyond the screen do not: OSC (window titles,
 * hyperlinks, clipboard writes, palette changes), DCS, SOS, PM and APC are dropped whole, and so
 * are the 8-bit C1 controls that would start them. Stateful, since a sequence may be split across
 * chunks; linear in its input.
 */
import { StringDecoder } from 'node:string_decoder';

const ESC = '\x1b';
/** ESC followed by one of these starts a string sequence (OSC, DCS, SOS, PM, APC). */
const STRING_INTRODUCERS = new Set([']', 'P', 'X', '^', '_']);
/** A CSI longer than this is not a real one: it is abandoned. */
const MAX_CSI = 256;
/** A string sequence left open this long is given up, so unterminated input cannot hide everything after it. */
const MAX_STRING = 64 * 1024;

type State = 'text' | 'esc' | 'csi' | 'string' | 'stringEsc';

export class TerminalOutputFilter {
  private readonly decoder = new StringDecoder('utf8');
  private state: State = 'text';
  private length = 0;

  /** The part of `data` fit to show now (the start of a sequence split across chunks is held back). */
  push(data: Buffer | string): string {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const code = c.charCodeAt(0);
      switch (this.state) {
        case 'text':
          if (c === ESC) this.state = 'esc';
          else if (code >= 0x80 && code <= 0x9f) {
            // 8-bit controls: CSI, OSC, DCS... in one character; nothing legitimate needs them.
            if (code === 0x90 || code === 0x98 || code === 0x9d || code === 0x9e || code === 0x9f) this.enterString();
          } else out += c;
          break;
        case 'esc':
          if (c === '[') {
            out += `${ESC}[`;
            this.state = 'csi';
            this.length = 0;
          } else if (STRING_INTRODUCERS.has(c)) this.enterString();
          else if (code >= 0x20 && code <= 0x7e) {
            out += ESC + c;
            this.state = 'text';
          } else {
            // ESC followed by a control: the ESC is dropped, the control read again as text.
            this.state = 'text';
            i--;
          }
          break;
        case 'csi':
          if (code >= 0x20 && code <= 0x3f && ++this.length <= MAX_CSI) out += c;
          else if (code >= 0x40 && code <= 0x7e) {
            out += c;
            this.state = 'text';
          } else {
            // Not a CSI after all: a terminal would cancel it; the character is read again as text.
            this.state = 'text';
            if (this.length <= MAX_CSI) i--;
          }
          break;
        case 'string':
          if (c === '\x07' || code === 0x9c) this.state = 'text';
          else if (c === ESC) this.state = 'stringEsc';
          else if (++this.length > MAX_STRING) this.state = 'text';
          break;
        case 'stringEsc':
          this.state = c === '\\' ? 'text' : 'string';
          break;
      }
    }
    return out;
  }

  /** What is left at the end of the stream (an unfinished UTF-8 character). */
  end(): string {
    const rest = this.decoder.end();
    return rest ? this.push(rest) : '';
  }

  private enterString(): void {
    this.state = 'string';
    this.length = 0;
  }
}

/**
 * The WebSocket port-forward protocol (`v4.channel.k8s.io` on pods/portforward): for the i-th
 * port asked for, channel 2i carries the data and 2i+1 the errors; the server's first message on
 * each channel is that port as two little-endian bytes. Berth opens one socket per forwarded
 * connection with one port, so only channels 0 and 1 occur. Pure.
 */
import { channelFrame } from '../exec/channels';

export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const;

export const DATA_CHANNEL = 0;
export const ERROR_CHANNEL = 1;

/** Bytes for the pod's port. */
export function dataFrame(data: Uint8Array): Buffer {
  return channelFrame(DATA_CHANNEL, data);
}

export type PortForwardMessage = { readonly kind: 'data'; readonly data: Buffer } | { readonly kind: 'error'; readonly text: string } | { readonly kind: 'ignored' };

/** Reads one socket's messages, dropping the port prefix each channel starts with. */
export class PortForwardReader {
  /** Prefix bytes still to drop, per channel. */
  private readonly prefix = [2, 2];

  read(message: Buffer): PortForwardMessage {
    const channel = message[0];
    if (channel !== DATA_CHANNEL && channel !== ERROR_CHANNEL) return { kind: 'ignored' };
    let body = message.subarray(1);
    const skip = Math.min(this.prefix[channel]!, body.length);
    this.prefix[channel] = this.prefix[channel]! - skip;
    body = body.subarray(skip);
    if (body.length === 0) return { kind: 'ignored' };
    return channel === DATA_CHANNEL ? { kind: 'data', data: body } : { kind: 'error', text: body.toString('utf8').slice(0, 4096) };
  }
}

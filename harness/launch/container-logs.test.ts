import { describe, expect, it } from 'vitest';
import { createLineSplitter, createLogDemuxer, toSince, type LogStream } from './container-logs.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('createLogDemuxer', () => {
  const stream = Buffer.concat([frame(1, '{"ready":true}\n'), frame(2, 'ünïcode on stderr\n'), frame(1, 'tail')]);
  const expected = [['stdout', '{"ready":true}\n'], ['stderr', 'ünïcode on stderr\n'], ['stdout', 'tail']];
  const cuts = [
    { name: 'splits frames that arrive whole', sizes: [stream.length] },
    { name: 'splits frames cut inside a header', sizes: [3, 9, 5] },
    { name: 'splits frames cut inside a multi-byte character', sizes: [8 + 15 + 8 + 1, 1] },
    { name: 'splits frames that arrive one byte at a time', sizes: Array.from({ length: stream.length }, () => 1) },
  ];
  it.each(cuts)('$name', ({ sizes }) => {
    const seen: Array<[LogStream, string]> = [];
    const push = createLogDemuxer((s, text) => seen.push([s, text]));
    let offset = 0;
    for (const size of sizes) {
      push(stream.subarray(offset, offset + size));
      offset += size;
    }
    if (offset < stream.length) push(stream.subarray(offset));
    expect(seen).toEqual(expected);
  });
});

describe('createLineSplitter', () => {
  it('hands over whole lines across chunks and the last line on flush', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line));
    splitter.push('{"rea');
    splitter.push('dy":true}\nsecond\nthi');
    splitter.flush();
    expect(lines).toEqual(['{"ready":true}', 'second', 'thi']);
  });
});

describe('toSince', () => {
  const rows = [
    { startedAt: '2026-11-24T03:07:11.123456789Z', since: '1795489631.123456789' },
    { startedAt: '2026-11-24T03:07:11.5Z', since: '1795489631.500000000' },
    { startedAt: '2026-11-24T03:07:11Z', since: '1795489631.000000000' },
    { startedAt: 'not a time', since: undefined },
  ];
  it.each(rows)('turns StartedAt $startedAt into the engine since form $since', ({ startedAt, since }) => {
    expect(toSince(startedAt)).toBe(since);
  });
});

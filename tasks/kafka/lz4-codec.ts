/**
 * kafkajs ships only gzip; other codecs go in its global codec table. LZ4 batches are LZ4
 * frames (what the Java client writes and the broker validates on every produce).
 * client.ts imports this, so every producer and consumer of ours has it; gzip batches
 * written by earlier versions still decode with kafkajs's own codec.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressFrame, decompressFrame } from 'lz4-napi';

CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer),
  decompress: (buffer: Buffer) => decompressFrame(buffer),
});

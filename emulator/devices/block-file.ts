// A virtio-blk backend on a host file (node:fs, synchronous so requests complete in order and the
// run stays deterministic). I/O errors propagate to VirtioBlk, which reports VIRTIO_BLK_S_IOERR.

import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import type { BlockBackend } from './virtio-blk';

export interface FileBackend extends BlockBackend {
  close(): void;
}

/** Opens `path` as a disk; its size is fixed at open (the capacity is its whole 512-byte sectors). */
export function fileBackend(path: string, readOnly = false): FileBackend {
  const fd = openSync(path, readOnly ? 'r' : 'r+');
  const size = fstatSync(fd).size;
  let open = true;
  const check = (): void => { if (!open) throw new Error(`${path}: disk closed`); };
  return {
    size,
    readOnly,
    read(offset, into) {
      check();
      for (let done = 0; done < into.length;) {
        const n = readSync(fd, into, done, into.length - done, offset + done);
        if (n === 0) throw new Error(`${path}: short read at ${offset + done}`);
        done += n;
      }
    },
    write(offset, from) {
      check();
      for (let done = 0; done < from.length;) done += writeSync(fd, from, done, from.length - done, offset + done);
    },
    flush() { check(); fsyncSync(fd); },
    close() { if (open) { open = false; closeSync(fd); } },
  };
}

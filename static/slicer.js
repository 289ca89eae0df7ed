// The slicer: a small worker the reader (src/worker.rs) starts to read a file's bytes for it.
//
// A browser reads a `Blob` slice through the thread that asks for it: asked by the reader,
// the read waits while the reader parses, and the two never overlap (100 MB of 1 MiB slices
// read one ahead took ~230 ms more than the parsing alone; read here, ~25 ms). So the reader
// hands the file to this thread, which reads it slice after slice and sends each one over
// (transferred, not copied) while the reader parses the one before.
//
// Messages in:  { read, blob, start, slice, credits }  read `blob` from `start` in slices of
//                                                      `slice` bytes, `credits` ahead at most
//               read (a number)                        one slice taken: one more may be read
//               { read: 0 }                            stop (any new `read` replaces the last)
// Messages out: { read, end, bytes }                   the slice ending at `end`, in order
//               { read, error }                        the browser could not read on from here
// `read` numbers one reading, so slices of a stopped one are told apart.

let current = null;

onmessage = (e) => {
  const m = e.data;
  if (m.blob) {
    current = { read: m.read, blob: m.blob, at: m.start, slice: m.slice, credits: m.credits, busy: false };
    pump(current);
  } else if (current && m === current.read) {
    current.credits += 1;
    pump(current);
  } else if (m.read === 0) {
    current = null;
  }
};

/** Reads while there are credits and bytes left; one read at a time per reading. */
async function pump(reading) {
  if (reading.busy) return;
  reading.busy = true;
  try {
    while (reading === current && reading.credits > 0 && reading.at < reading.blob.size) {
      const end = Math.min(reading.at + reading.slice, reading.blob.size);
      const bytes = await reading.blob.slice(reading.at, end).arrayBuffer();
      if (reading !== current) return;
      reading.at = end;
      reading.credits -= 1;
      postMessage({ read: reading.read, end, bytes }, [bytes]);
    }
  } catch (error) {
    if (reading === current) postMessage({ read: reading.read, error: String(error?.message ?? error) });
    current = null;
  } finally {
    reading.busy = false;
  }
}

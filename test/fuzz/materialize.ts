/**
 * Turns a {@link ParamSpec} into the JavaScript value a caller would pass to `session.query`.
 */
import type { ParamSpec } from './cases.ts';

/** The value `spec` describes (a fresh one on every call). */
export function materialize(spec: ParamSpec): unknown {
  switch (spec.k) {
    case 'json': return structuredClone(spec.v);
    case 'num': return spec.v === '-0' ? -0 : Number(spec.v);
    case 'bigint': return BigInt(spec.v);
    case 'bytes': return Uint8Array.from(spec.v);
    case 'typed': {
      if (spec.type === 'BigInt64Array') return new BigInt64Array(spec.n).fill(-1n);
      if (spec.type === 'Float64Array') return new Float64Array(spec.n).fill(Number.NaN);
      if (spec.type === 'Int32Array') return new Int32Array(spec.n).fill(-1);
      return new Uint8ClampedArray(spec.n).fill(255);
    }
    case 'arraybuffer': return new ArrayBuffer(spec.n);
    case 'date': return new Date(spec.v);
    case 'big-string': return spec.ch.repeat(spec.n);
    case 'big-array': return Array.from({ length: spec.n }, (_, i) => i);
    case 'undefined': return undefined;
    case 'symbol': return Symbol('fuzz');
    case 'function': return () => 1;
    case 'map': return new Map([['a', 1]]);
    case 'set': return new Set([1, 2]);
    case 'regexp': return /a+/g;
    case 'error': return new Error('fuzz');
    case 'cyclic': {
      const o: Record<string, unknown> = { a: 1 };
      o['self'] = o;
      return o;
    }
    case 'null-proto': return Object.create(null) as object;
    case 'boxed': {
      if (typeof spec.v === 'string') return new String(spec.v);
      if (typeof spec.v === 'number') return new Number(spec.v);
      return new Boolean(spec.v);
    }
    case 'throwing-tostring': return {
      toString(): string { throw new Error('toString refused'); },
      valueOf(): number { throw new Error('valueOf refused'); },
      toJSON(): string { throw new Error('toJSON refused'); },
    };
    case 'sparse': {
      const a: unknown[] = [];
      a.length = spec.n;
      return a;
    }
    case 'promise': return Promise.resolve(1);
  }
}

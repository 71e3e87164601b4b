// All SIMD&FP load/store and move semantics ('simd-ldst/…', 'simd-move/…'), merged.

import { SIMD_REG_SEMANTICS } from './simd-ldst';
import { SIMD_MOVES_SEMANTICS } from './simd-moves';
import { SIMD_STRUCT_SEMANTICS } from './simd-struct';
import type { SemanticsTable } from './types';

export const SIMD_SEMANTICS: SemanticsTable = {
  ...SIMD_REG_SEMANTICS,
  ...SIMD_STRUCT_SEMANTICS,
  ...SIMD_MOVES_SEMANTICS,
};

package org.spangeo.zarr.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransposeTest {

  /**
   * Reference: numpy's {@code src.transpose(axes)} done the slow way. The result has shape
   * S[axes[k]] and result[j] = src[i] with i[axes[k]] = j[k].
   */
  static byte[] numpyTranspose(byte[] src, int[] shape, int[] axes, int es) {
    int n = shape.length;
    int[] out = new int[n];
    for (int k = 0; k < n; k++) out[k] = shape[axes[k]];
    int total = src.length / es;
    byte[] dst = new byte[src.length];
    int[] j = new int[n];
    for (int e = 0; e < total; e++) {
      // flat index of src at i where i[axes[k]] = j[k]
      int[] i = new int[n];
      for (int k = 0; k < n; k++) i[axes[k]] = j[k];
      int flat = 0;
      for (int d = 0; d < n; d++) flat = flat * shape[d] + i[d];
      System.arraycopy(src, flat * es, dst, e * es, es);
      for (int d = n - 1; d >= 0; d--) {
        if (++j[d] < out[d]) break;
        j[d] = 0;
      }
    }
    return dst;
  }

  static int[] inverse(int[] p) {
    int[] inv = new int[p.length];
    for (int k = 0; k < p.length; k++) inv[p[k]] = k;
    return inv;
  }

  @Test
  void fortranToCOnAHandWrittenExample() {
    // A = [[1, 2, 3], [4, 5, 6]] (shape 2 x 3) stored in order F is 1 4 2 5 3 6
    byte[] f = {1, 4, 2, 5, 3, 6};
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, Transpose.fortranToC(f, new int[] {2, 3}, 1));
    assertArrayEquals(f, Transpose.cToFortran(new byte[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3}, 1));
    // 2-byte elements keep their bytes together
    byte[] f2 = {1, 10, 4, 40, 2, 20, 5, 50, 3, 30, 6, 60};
    assertArrayEquals(new byte[] {1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60}, Transpose.fortranToC(f2, new int[] {2, 3}, 2));
    // shape 2 x 2 x 2: F order walks the first index fastest
    byte[] f3 = {0, 4, 2, 6, 1, 5, 3, 7}; // element value = 4*i + 2*j + k
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, Transpose.fortranToC(f3, new int[] {2, 2, 2}, 1));
  }

  @Test
  void permuteIsTheDecodeOfZarrV3Transpose() {
    // encoded = decoded.transpose(order), so permute(encoded, encodedShape, order) = decoded
    Random rnd = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int rank = 1 + rnd.nextInt(5);
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) shape[d] = 1 + rnd.nextInt(5);
      int es = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
      int[] order = randomPermutation(rank, rnd);
      int total = 1;
      for (int s : shape) total *= s;
      byte[] decoded = new byte[total * es];
      rnd.nextBytes(decoded);
      byte[] encoded = numpyTranspose(decoded, shape, order, es);
      int[] encShape = new int[rank];
      for (int k = 0; k < rank; k++) encShape[k] = shape[order[k]];
      assertArrayEquals(decoded, Transpose.permute(encoded, encShape, order, es),
          "shape " + java.util.Arrays.toString(shape) + " order " + java.util.Arrays.toString(order));
      // and with the inverse order it is numpy's transpose itself
      assertArrayEquals(encoded, Transpose.permute(decoded, shape, inverse(order), es));
    }
  }

  @Test
  void fortranAndCAreInverse() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int rank = rnd.nextInt(5);
      int[] shape = new int[rank];
      int total = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = 1 + rnd.nextInt(6);
        total *= shape[d];
      }
      int es = 1 + rnd.nextInt(8);
      byte[] c = new byte[total * es];
      rnd.nextBytes(c);
      byte[] f = Transpose.cToFortran(c, shape, es);
      int[] rev = new int[rank];
      for (int k = 0; k < rank; k++) rev[k] = rank - 1 - k;
      // order F bytes of A are the C bytes of A.T
      assertArrayEquals(numpyTranspose(c, shape, rev, es), f);
      assertArrayEquals(c, Transpose.fortranToC(f, shape, es));
    }
  }

  @Test
  void degenerateShapes() {
    assertArrayEquals(new byte[] {9, 8}, Transpose.permute(new byte[] {9, 8}, new int[0], new int[0], 2));
    assertArrayEquals(new byte[0], Transpose.permute(new byte[0], new int[] {3, 0, 2}, new int[] {2, 0, 1}, 4));
    assertArrayEquals(new byte[] {1, 2, 3}, Transpose.fortranToC(new byte[] {1, 2, 3}, new int[] {3}, 1));
    assertArrayEquals(new byte[] {1, 2, 3}, Transpose.fortranToC(new byte[] {1, 2, 3}, new int[] {1, 3, 1}, 1));
  }

  static int[] randomPermutation(int n, Random rnd) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < n; i++) l.add(i);
    Collections.shuffle(l, rnd);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = l.get(i);
    return p;
  }
}

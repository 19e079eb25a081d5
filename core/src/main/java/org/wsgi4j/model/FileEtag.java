package org.wsgi4j.model;

/**
 * {@code FileETag} as httpd's core keeps it: explicit components, and the components added ({@code
 * +X}) and removed ({@code -X}) relative to what is inherited. The bit values are httpd's.
 *
 * @param bits the explicit components ({@link #UNSET_BITS} when none were named)
 * @param add components named with {@code +}
 * @param remove components named with {@code -}
 */
public record FileEtag(int bits, int add, int remove) {
  public static final int UNSET_BITS = 0;
  public static final int NONE = 1;
  public static final int MTIME = 1 << 1;
  public static final int INODE = 1 << 2;
  public static final int SIZE = 1 << 3;
  public static final int DIGEST = 1 << 4;
  public static final int ALL = MTIME | INODE | SIZE;

  /** httpd's default when nothing is configured: {@code MTime Size}. */
  public static final int DEFAULT = MTIME | SIZE;

  public static final FileEtag UNSET = new FileEtag(UNSET_BITS, UNSET_BITS, UNSET_BITS);

  /** {@code merge_core_dir_configs}: this section's setting merged onto {@code base}. */
  public FileEtag mergedOnto(FileEtag base) {
    int mergedBits;
    int mergedAdd;
    int mergedRemove;
    if (bits == UNSET_BITS) {
      mergedAdd = (base.add & ~remove) | add;
      mergedRemove = (base.remove & ~add) | remove;
      mergedBits = (base.bits & ~mergedRemove) | mergedAdd;
    } else {
      mergedBits = bits;
      mergedAdd = add;
      mergedRemove = remove;
    }
    // httpd: None survives a merge only on its own.
    if (mergedBits != NONE) {
      mergedBits &= ~NONE;
    }
    return new FileEtag(mergedBits, mergedAdd, mergedRemove);
  }

  /**
   * The components an ETag is made of ({@code ap_make_etag}): 0 for no ETag at all ({@code None}),
   * else a mask of {@link #INODE}, {@link #SIZE}, {@link #MTIME} and {@link #DIGEST}.
   */
  public int components() {
    int effective = (bits & ~remove) | add;
    if ((effective & NONE) != 0) {
      return 0;
    }
    return effective == UNSET_BITS ? DEFAULT : effective;
  }
}

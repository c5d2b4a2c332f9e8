package io.fnjobs.localdev.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists real keys, as S3 does, over a store that keeps them under their {@link StoredKeys stored names}.
 *
 * <p>A prefix that ends inside a cut segment has no single stored counterpart, and stored names do not
 * sort as their keys do: so this asks the store for every stored name that can belong to the prefix
 * ({@link #storedPrefixes}), reads the names back, and does S3's part itself: prefix, order (UTF-8
 * bytes), start-after and continuation, delimiter, page size. S3Proxy's filesystem store reads all it
 * lists for every page anyway; with the delimiter {@code /} only one folder level is read, and the
 * pieces of cut segments below it.
 */
final class KeyListing {

  private static final int DEFAULT_MAX_KEYS = 1000;

  /** A key with its object, or a common prefix (a folder at the listed level) without one. */
  private record Entry(String name, S3Object object) {}

  private final Function<ListObjectsV2Request, ListObjectsV2Response> store;

  /** {@code store} lists stored names. */
  KeyListing(Function<ListObjectsV2Request, ListObjectsV2Response> store) {
    this.store = store;
  }

  ListObjectsV2Response list(ListObjectsV2Request request) {
    String prefix = request.prefix() == null ? "" : request.prefix();
    String delimiter = request.delimiter() == null || request.delimiter().isEmpty() ? null : request.delimiter();
    String after = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
    int maxKeys = request.maxKeys() == null ? DEFAULT_MAX_KEYS : request.maxKeys();
    List<Entry> entries = new ArrayList<>();
    for (String storedPrefix : storedPrefixes(prefix)) {
      entries.addAll("/".equals(delimiter) ? level(request.bucket(), storedPrefix) : all(request.bucket(), storedPrefix));
    }
    List<Entry> candidates = entries.stream()
        .filter(entry -> entry.name().startsWith(prefix))
        .filter(entry -> after == null || StoredKeys.S3_ORDER.compare(entry.name(), after) > 0)
        .sorted((a, b) -> StoredKeys.S3_ORDER.compare(a.name(), b.name()))
        .toList();

    List<S3Object> contents = new ArrayList<>();
    List<CommonPrefix> commonPrefixes = new ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (Entry entry : candidates) {
      String common = commonPrefix(entry.name(), prefix, delimiter);
      // the keys under one common prefix are next to each other; a page ending on it has shown them all
      if (common != null && (common.equals(last) || common.equals(after))) {
        continue;
      }
      if (contents.size() + commonPrefixes.size() == maxKeys) {
        truncated = last != null;
        break;
      }
      if (common != null) {
        commonPrefixes.add(CommonPrefix.builder().prefix(common).build());
        last = common;
      } else {
        contents.add(entry.object());
        last = entry.name();
      }
    }
    return ListObjectsV2Response.builder()
        .name(request.bucket())
        .prefix(request.prefix())
        .delimiter(request.delimiter())
        .maxKeys(maxKeys)
        .encodingType(request.encodingTypeAsString())
        .startAfter(request.startAfter())
        .continuationToken(request.continuationToken())
        .contents(contents)
        .commonPrefixes(commonPrefixes)
        .keyCount(contents.size() + commonPrefixes.size())
        .isTruncated(truncated)
        .nextContinuationToken(truncated ? last : null)
        .build();
  }

  /** What S3 rolls {@code name} up into: the prefix and what follows it up to the first delimiter. */
  private static String commonPrefix(String name, String prefix, String delimiter) {
    if (delimiter == null) {
      return null;
    }
    int at = name.indexOf(delimiter, prefix.length());
    return at < 0 ? null : name.substring(0, at + delimiter.length());
  }

  /**
   * Stored prefixes that together cover the stored names of all keys under {@code prefix}: its folders'
   * stored name, followed by what the prefix's last, partial segment can be stored as. A segment that
   * starts with it is stored as it is if it is short, or else starts with the mark.
   */
  private static List<String> storedPrefixes(String prefix) {
    int folderEnd = prefix.lastIndexOf('/') + 1;
    String folder = StoredKeys.stored(prefix.substring(0, folderEnd));
    String partial = prefix.substring(folderEnd);
    if (partial.isEmpty()) {
      return List.of(folder);
    }
    String marked = folder + StoredKeys.MARK;
    return partial.charAt(0) == StoredKeys.MARK ? List.of(marked) : List.of(folder + partial, marked);
  }

  /** Every key whose stored name starts with {@code storedPrefix}. */
  private List<Entry> all(String bucket, String storedPrefix) {
    List<Entry> entries = new ArrayList<>();
    forEachPage(bucket, storedPrefix, null, page -> page.contents().forEach(object -> entries.add(entry(object))));
    return entries;
  }

  /**
   * The keys and folders at the level of {@code storedPrefix} that start with it, with the pieces of cut
   * segments put together again.
   */
  private List<Entry> level(String bucket, String storedPrefix) {
    List<Entry> entries = new ArrayList<>();
    forEachPage(bucket, storedPrefix, "/", page -> {
      page.contents().forEach(object -> entries.add(entry(object)));
      for (CommonPrefix subfolder : page.commonPrefixes()) {
        if (StoredKeys.isCutFolder(subfolder.prefix())) {
          entries.addAll(level(bucket, subfolder.prefix()));
        } else {
          entries.add(new Entry(StoredKeys.real(subfolder.prefix()), null));
        }
      }
    });
    return entries;
  }

  private void forEachPage(
      String bucket, String storedPrefix, String delimiter, Consumer<ListObjectsV2Response> action) {
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = store.apply(ListObjectsV2Request.builder().bucket(bucket).prefix(storedPrefix)
          .delimiter(delimiter).maxKeys(Integer.MAX_VALUE).continuationToken(continuation).build());
      action.accept(page);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  private static Entry entry(S3Object stored) {
    String key = StoredKeys.real(stored.key());
    return new Entry(key, stored.toBuilder().key(key).build());
  }
}

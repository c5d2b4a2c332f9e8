package io.fnjobs.triggers.blob;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receipts of the blob triggers: one per trigger and object version, shared by every instance of
 * the trigger layer. A version is claimed before its function is invoked and settled after, so that
 * however often events repeat or the sweep finds it, it is processed once; a hold that runs out (an
 * instance died) lets another instance take over, counting the attempts already made.
 *
 * <p>Without version ids a version is named by its ETag, which names content, not an upload: content
 * A, then B, then A again is one version twice. A receipt therefore stands only while the object keeps
 * its content: the blob trigger forgets the receipts of an object's other versions once one of its
 * versions settles ({@link #forgetOtherVersions}), and the receipt of a version its function found
 * stale ({@link #forget}). {@link BlobDelivery} says when, and why that is safe under races.
 *
 * <p>A holder is {@code <instance>#<start>} ({@link Holder}): a receipt held by an earlier start of the
 * claimant's own instance is taken at once, that start having stopped without finishing it, and each
 * instance keeps a note of the receipts it holds, so that a restart finds them ({@link #unfinished}).
 */
public interface Receipts {

  /**
   * Claims the version for {@code holder} until {@code holdUntil}, unless it is settled or held
   * elsewhere. A settled version is claimed anew when the sweep lists a later upload of the same bytes
   * ({@link Receipt#supersededBy}).
   */
  Claim claim(String trigger, ObjectChange change, String holder, Instant holdUntil);

  /** Like {@link #claim}, but a dead-lettered version is taken too: a replay. */
  Claim reopen(String trigger, ObjectChange change, String holder, Instant holdUntil);

  /**
   * Records {@code attempts} made and extends the hold, before a retry.
   *
   * @throws LostClaimException when another instance took the version over meanwhile
   */
  Claim.Held hold(Claim.Held held, int attempts, Instant holdUntil);

  /**
   * Records a deferral (the function answered that another invocation holds the change's key) and
   * extends the hold until the next try; the attempts made stay as they are.
   *
   * @throws LostClaimException when another instance took the version over meanwhile
   */
  Claim.Held defer(Claim.Held held, Instant holdUntil, String detail);

  /**
   * Settles the version after {@code attempts} in all: succeeded, rejected or dead-lettered, with a
   * word why.
   *
   * @throws LostClaimException when another instance took the version over meanwhile
   */
  void settle(Claim.Held held, int attempts, Receipt.State state, String detail);

  /**
   * Forgets the receipt of a claimed version that was not processed: the function found it stale (the
   * object had moved on: other content, gone, or back after a removal). Kept, it would refuse the same
   * change when it happens again. Unconditional: an instance that took the version over meanwhile
   * loses its claim, which only means the version is looked at again.
   */
  void forget(Claim.Held held);

  /** The receipt of a version, if any. */
  Optional<Receipt> find(String trigger, ObjectChange change);

  /**
   * Forgets the receipts of every version of an object but {@code keepVersion}, held ones too: after
   * a removal, or after {@code keepVersion} was processed, the same bytes as an earlier version's
   * uploaded again are new work.
   *
   * @return how many receipts were forgotten
   */
  int forgetOtherVersions(String trigger, String bucket, String key, String keepVersion);

  /**
   * The changes {@code holder}'s instance claimed at an earlier start and did not finish (it stopped or
   * died mid-way), to be delivered again at once instead of after their hold. Notes of claims finished
   * or taken over by another instance since are dropped; those of {@code holder} itself are kept.
   */
  List<ObjectChange> unfinished(String trigger, String holder);

  /** What {@link #eachObject} names an object by. */
  String objectOf(String trigger, String bucket, String key);

  /**
   * Visits the receipts of a trigger object by object, in the store's order, without reading them: one
   * page of the listing in memory at a time.
   */
  void eachObject(String trigger, ObjectVisitor visitor) throws InterruptedException;

  /** The receipts of one object {@link #eachObject} listed; those gone since are left out. */
  List<Receipt> read(ListedReceipts object);

  /** Takes one object's receipts; may wait (for room among the workers). */
  @FunctionalInterface
  interface ObjectVisitor {
    void visit(ListedReceipts object) throws InterruptedException;
  }

  /**
   * One object's receipts as a listing shows them.
   *
   * @param object as {@link #objectOf} names it
   * @param etags each receipt's key and the ETag it was listed with, which changes with every write
   */
  record ListedReceipts(String object, Map<String, String> etags) {}
}

package io.fnjobs.triggers.blob;

import java.time.Instant;
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
 */
public interface Receipts {

  /** Claims the version for {@code holder} until {@code holdUntil}, unless it is settled or held elsewhere. */
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
}

package io.usher.invite;

/** What the workers read from {@code invitation-requests}: a request, or a record that cannot be read. */
public sealed interface RequestRecord permits InvitationRequest, UnreadableRequest {}

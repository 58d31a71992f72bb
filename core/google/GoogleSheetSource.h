// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "Error.h"
#include "GoogleCredentials.h"
#include "GoogleSheetReader.h"
#include "Source.h"
#include "StepContext.h"

#include <functional>
#include <memory>

namespace mf::google {

/// Where account credentials come from. The signed-in account lives in the OS keychain, which is
/// read on the main thread, so the application registers a provider (movieflow-cli does); without
/// one, reading through the account is a Google error that says to sign in. A service account's
/// key file is read directly unless a provider is set (tests).
struct AccountCredentialProviders
{
    std::function<Result<std::shared_ptr<Credentials>>()> signedInAccount;
    std::function<Result<std::shared_ptr<Credentials>>(const QString &keyFile)> serviceAccount;
};

void setAccountCredentialProviders(AccountCredentialProviders providers);

/// The credentials a source asks for (null for Public), or a Google error that says what to do.
Result<std::shared_ptr<Credentials>> credentialsFor(const SourceSpec &source);

/// Reads a GoogleSheet source on the calling worker thread: the endpoints from the environment,
/// the reference parsed, then the public CSV export or the Sheets API with the source's
/// credentials. `options` exists for tests (short retries and timeouts).
Result<DataTable> readGoogleSheet(const SourceSpec &source, const StepContext &ctx,
                                  const SheetReadOptions &options = {});

} // namespace mf::google

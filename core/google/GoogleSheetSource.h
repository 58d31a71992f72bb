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

/// Where the signed-in account and service-account credentials come from. The sign-in code sets
/// these once at start-up; until it does, reading through an account is a clear Google error.
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

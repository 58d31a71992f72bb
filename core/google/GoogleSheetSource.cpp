// SPDX-License-Identifier: MIT
#include "GoogleSheetSource.h"

#include "ApiKeyCredentials.h"
#include "GoogleEndpoints.h"
#include "PublicSheetExport.h"
#include "ServiceAccountCredentials.h"
#include "SpreadsheetRef.h"

#include <mutex>

namespace mf::google {

namespace {

std::mutex g_providersMutex;
AccountCredentialProviders g_providers;

AccountCredentialProviders providers()
{
    std::lock_guard lock(g_providersMutex);
    return g_providers;
}

} // namespace

void setAccountCredentialProviders(AccountCredentialProviders providers)
{
    std::lock_guard lock(g_providersMutex);
    g_providers = std::move(providers);
}

Result<std::shared_ptr<Credentials>> credentialsFor(const SourceSpec &source)
{
    switch (source.access) {
    case GoogleAccess::Public:
        return std::shared_ptr<Credentials>();
    case GoogleAccess::ApiKey:
        if (source.apiKey.trimmed().isEmpty())
            return Error::google(
                QStringLiteral("No API key was given. Copy one from the Google Cloud console "
                               "(APIs & Services, Credentials), or read a public sheet without "
                               "one (--public)."));
        return std::shared_ptr<Credentials>(std::make_shared<ApiKeyCredentials>(source.apiKey));
    case GoogleAccess::ServiceAccount: {
        if (source.serviceAccountKeyFile.isEmpty())
            return Error::google(
                QStringLiteral("No service-account key file was given. Download the JSON key of "
                               "the service account from the Google Cloud console and pass it."));
        if (const auto provider = providers().serviceAccount)
            return provider(source.serviceAccountKeyFile);
        // Reading the key and signing JWTs needs no event loop: fine on the worker thread.
        Result<std::shared_ptr<ServiceAccountCredentials>> credentials
            = ServiceAccountCredentials::fromKeyFile(source.serviceAccountKeyFile);
        if (!credentials.ok())
            return credentials.error();
        return std::shared_ptr<Credentials>(credentials.takeValue());
    }
    case GoogleAccess::UserAccount: {
        // The keychain wants the main thread, so the application registers how to get the account.
        const auto provider = providers().signedInAccount;
        if (!provider)
            return Error::google(
                QStringLiteral("No Google account is signed in. Sign in first (movieflow-cli auth "
                               "login, or Google account → Sign in in the app), or read a sheet "
                               "shared with 'Anyone with the link' with its public link or an API "
                               "key."));
        return provider();
    }
    }
    return std::shared_ptr<Credentials>();
}

Result<DataTable> readGoogleSheet(const SourceSpec &source, const StepContext &ctx,
                                  const SheetReadOptions &options)
{
    const Result<SpreadsheetRef> ref = SpreadsheetRef::parse(source.location);
    if (!ref.ok())
        return ref.error();
    const Result<GoogleEndpoints> endpoints = GoogleEndpoints::fromEnvironment();
    if (!endpoints.ok())
        return endpoints.error();

    if (source.access == GoogleAccess::Public) {
        // The export knows only gids: a name or an index would need the API.
        if (!source.worksheet.isEmpty())
            return Error::usage(
                QStringLiteral("A public sheet's worksheet can be chosen only by its gid (the number "
                               "after #gid= in its link), not by name. Use --gid N, or read it "
                               "through the API with --api-key KEY to choose by name."));
        if (source.worksheetIndex && *source.worksheetIndex != 0)
            return Error::usage(
                QStringLiteral("A public sheet's worksheet can be chosen only by its gid (the number "
                               "after #gid= in its link). Use --gid N."));
        const std::optional<qint64> gid = source.gid ? source.gid : ref.value().gid;
        Result<DataTable> table
            = PublicSheetExport::read(endpoints.value(), ref.value(), gid, options.http, ctx);
        if (table.ok() && ref.value().kind == SpreadsheetRef::Kind::Title)
            table.value().setSourceName(ref.value().title);
        return table;
    }

    Result<std::shared_ptr<Credentials>> credentials = credentialsFor(source);
    if (!credentials.ok())
        return credentials.error();
    WorksheetSelector selector;
    selector.name = source.worksheet;
    selector.gid = source.gid;
    selector.index = source.worksheetIndex;
    GoogleSheetReader reader(endpoints.value(), credentials.value(), options);
    return reader.read(ref.value(), selector, ctx);
}

} // namespace mf::google

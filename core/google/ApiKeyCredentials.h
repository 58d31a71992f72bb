// SPDX-License-Identifier: MIT
#pragma once

#include "GoogleCredentials.h"

namespace mf::google {

/// An API key from the Google Cloud console: reads sheets shared with "Anyone with the link"
/// through the Sheets API. It cannot search Drive or open private sheets. The key is sent in the
/// x-goog-api-key header (or ?key= when asked), never logged.
class ApiKeyCredentials final : public Credentials
{
public:
    explicit ApiKeyCredentials(QString key);

    Kind kind() const override { return Kind::ApiKey; }
    /// The key itself; a Google error when it is empty.
    Result<QString> accessToken(const StepContext &ctx) override;
    /// A key does not expire: nothing to forget.
    void invalidate() override { }
    QString identity() const override;

private:
    const QString m_key;
};

} // namespace mf::google

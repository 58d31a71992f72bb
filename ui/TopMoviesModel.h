// SPDX-License-Identifier: MIT
#pragma once

#include "Analysis.h"

#include <QAbstractTableModel>

#include <vector>

namespace mf {

/// The most popular films of a run: rank, title, popularity, rating, release date.
class TopMoviesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RankColumn, TitleColumn, PopularityColumn, RatingColumn, ReleaseDateColumn, ColumnCount };

    explicit TopMoviesModel(QObject *parent = nullptr);

    void setMovies(std::vector<TopMovie> movies);
    const std::vector<TopMovie> &movies() const { return m_movies; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<TopMovie> m_movies;
};

} // namespace mf
